export { addMapping, removeMapping, type DesiredMapping, type EditResult } from './edit.js';
export { parseMapKey, stripRolePath, hasRolePath, isSkippable, keyFor, type MapKey, type MappingEntry, type PrincipalKind } from './parse.js';
