// Synthetic shadow first, as Lightning Experience runs it: SLDS's global styles then reach into components.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import Shell from 'preview/shell';

// The page is the preview server's own (server.ts): the shell is its whole body.
document.body.appendChild(createElement('preview-shell', { is: Shell }));
