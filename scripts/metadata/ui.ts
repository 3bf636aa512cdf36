/** Readers of the metadata that shapes what users see: custom labels, page layouts, flexipages, app overrides. */
import path from 'node:path';
import type { ActionOverrideDef, CustomLabelDef, FlexiPageDef, LayoutDef } from './types.ts';
import { bool, child, children, text, texts, type XmlNode } from './xml.ts';

type Read = { file: string; root: XmlNode };

export function toLabels({ file, root }: Read): CustomLabelDef[] {
  return children(root, 'labels').map((label) => ({
    name: text(label, 'fullName') ?? '',
    // <value> repeats in picklists, so the parser always hands it over as a list.
    value: texts(label, 'value')[0] ?? '',
    language: text(label, 'language'),
    file,
  }));
}

export function toLayout({ file, root }: Read): LayoutDef {
  const base = path.basename(file).slice(0, -'.layout-meta.xml'.length);
  const dash = base.indexOf('-');
  return {
    object: base.slice(0, dash),
    name: base.slice(dash + 1),
    sections: children(root, 'layoutSections').map((section) => ({
      label: text(section, 'label') ?? '',
      detailHeading: bool(section, 'detailHeading'),
      columns: children(section, 'layoutColumns').map((column) =>
        children(column, 'layoutItems')
          .map((item) => text(item, 'field'))
          .filter((f): f is string => Boolean(f)),
      ),
    })),
    relatedLists: children(root, 'relatedLists').map((list) => ({
      relatedList: text(list, 'relatedList') ?? '',
      fields: texts(list, 'fields'),
      sortField: text(list, 'sortField'),
      sortOrder: text(list, 'sortOrder'),
    })),
    file,
  };
}

export function toFlexiPage({ file, root }: Read): FlexiPageDef {
  return {
    name: path.basename(file).slice(0, -'.flexipage-meta.xml'.length),
    label: text(root, 'masterLabel'),
    type: text(root, 'type'),
    sobjectType: text(root, 'sobjectType'),
    template: text(child(root, 'template'), 'name'),
    regions: children(root, 'flexiPageRegions').map((region) => ({
      name: text(region, 'name') ?? '',
      type: text(region, 'type') ?? '',
      components: children(region, 'itemInstances')
        .map((item) => child(item, 'componentInstance'))
        .filter((c): c is XmlNode => Boolean(c))
        .map((component) => ({
          componentName: text(component, 'componentName') ?? '',
          identifier: text(component, 'identifier'),
          properties: Object.fromEntries(
            children(component, 'componentInstanceProperties').map((p) => [
              text(p, 'name') ?? '',
              texts(p, 'value')[0] ?? '',
            ]),
          ),
        })),
    })),
    file,
  };
}

export function toActionOverrides(root: XmlNode): ActionOverrideDef[] {
  return children(root, 'actionOverrides').map((o) => ({
    actionName: text(o, 'actionName') ?? '',
    content: text(o, 'content'),
    formFactor: text(o, 'formFactor'),
    type: text(o, 'type'),
    pageOrSobjectType: text(o, 'pageOrSobjectType') ?? '',
  }));
}
