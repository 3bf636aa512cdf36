// Synthetic shadow first, as Lightning Experience runs it: SLDS's global styles then reach into components.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import Shell from 'preview/shell';

document.querySelector('#app').appendChild(createElement('preview-shell', { is: Shell }));
