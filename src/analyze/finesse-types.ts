// What the resolver knows about the Finesse JS library: its classes and members, from the API
// inventory (rules/finesse-api-inventory.json, gathered from Cisco's documentation), and the typing
// the inventory does not carry: which getters hand back which class, what a collection holds, what a
// callback receives. Names and facts only, as the documentation states them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RULES_DIR } from '../rules/table.js';

export type ClassKind = 'singleton' | 'class' | 'enum' | 'namespace';

export interface FinesseClass {
  name: string;
  kind: ClassKind;
  status: 'current' | 'legacy' | 'unverified';
  methods: string[];
  constants: string[];
  /** Names only third-party typings show (not in Cisco's documentation). */
  unverified: string[];
  /** Base classes, nearest first. */
  bases: string[];
  url: string;
}

interface InventoryFile {
  classes: Record<string, { kind: ClassKind; status: FinesseClass['status']; url?: string; methods?: string[]; constants?: string[]; methods_unverified?: string[]; extends?: string; inherited?: Record<string, string[]> }>;
}

export const INVENTORY_FILE = path.join(RULES_DIR, 'finesse-api-inventory.json');

let inventory: Map<string, FinesseClass> | undefined;

/** Every documented class of the Finesse JS library, by full name (`finesse.restservices.User`). */
export function finesseClasses(): Map<string, FinesseClass> {
  if (inventory) return inventory;
  const file = JSON.parse(readFileSync(INVENTORY_FILE, 'utf8')) as InventoryFile;
  inventory = new Map();
  for (const [name, c] of Object.entries(file.classes)) {
    inventory.set(name, {
      name,
      kind: c.kind,
      status: c.status,
      methods: c.methods ?? [],
      constants: c.constants ?? [],
      unverified: c.methods_unverified ?? [],
      // `inherited` lists bases in the order the documentation gives, nearest first.
      bases: Object.keys(c.inherited ?? {}),
      url: c.url ?? '',
    });
  }
  // Shindig's gadgets.Prefs is a class too: gadgets hold its instances (`var prefs = new gadgets.Prefs()`).
  for (const c of SHINDIG_CLASSES) inventory.set(c.name, c);
  return inventory;
}

/** The Shindig classes whose instances gadgets hold (shindig-spec.md §4.3). */
const SHINDIG_CLASSES: FinesseClass[] = [
  {
    name: 'gadgets.Prefs', kind: 'class', status: 'current', constants: [], unverified: [], bases: [],
    methods: ['getString', 'getInt', 'getFloat', 'getBool', 'getArray', 'getMsg', 'set', 'setArray', 'getLang', 'getCountry', 'getModuleId'],
    url: 'https://opensocial.github.io/spec/2.5.1/Core-Gadget.xml#gadgets.Prefs',
  },
];

const R = 'finesse.restservices.';
const C = 'finesse.containerservices.';

/**
 * Getters (and init) that hand back another library object, as documented: the object returned
 * and the one passed to the `onLoad`/`onChange` handlers of its options.
 */
export const RETURNS: Record<string, string> = {
  [`${R}User#getDialogs`]: `${R}Dialogs`,
  [`${R}User#getDialogsNoCache`]: `${R}Dialogs`,
  [`${R}User#getMediaList`]: `${R}MediaList`,
  [`${R}User#getPhoneBooks`]: `${R}PhoneBooks`,
  [`${R}User#getQueues`]: `${R}Queues`,
  [`${R}User#getWrapUpReasons`]: `${R}WrapUpReasons`,
  [`${R}User#getMediaPropertiesLayout`]: `${R}MediaPropertiesLayout`,
  [`${R}User#getMediaPropertiesLayouts`]: `${R}UserMediaPropertiesLayouts`,
  [`${R}MediaList#getMedia`]: `${R}Media`,
  [`${R}Media#getMediaDialogs`]: `${R}MediaDialogs`,
  [`${R}MediaDialogs#getMedia`]: `${R}Media`,
  [`${R}Team#getUsers`]: `${R}Users`,
  [`${R}Team#getTeamNotReadyReasonCodes`]: `${R}TeamNotReadyReasonCodes`,
  [`${R}Team#getTeamSignOutReasonCodes`]: `${R}TeamSignOutReasonCodes`,
  [`${R}PhoneBook#getContacts`]: `${R}Contacts`,
  [`${C}ContainerServices#init`]: `${C}ContainerServices`,
  [`${C}FinesseToaster#init`]: `${C}FinesseToaster`,
};

/** What a collection's getCollection() map holds, and what its onCollectionAdd/Delete handlers receive. */
export const ITEMS: Record<string, string> = {
  [`${R}Dialogs`]: `${R}Dialog`,
  [`${R}MediaDialogs`]: `${R}MediaDialog`,
  [`${R}MediaList`]: `${R}Media`,
  [`${R}Users`]: `${R}User`,
  [`${R}Teams`]: `${R}Team`,
  [`${R}PhoneBooks`]: `${R}PhoneBook`,
  [`${R}Contacts`]: `${R}Contact`,
  [`${R}Queues`]: `${R}Queue`,
  [`${R}WrapUpReasons`]: `${R}WrapUpReason`,
  [`${R}TeamNotReadyReasonCodes`]: `${R}TeamNotReadyReasonCode`,
  [`${R}TeamSignOutReasonCodes`]: `${R}TeamSignOutReasonCode`,
  [`${R}UserMediaPropertiesLayouts`]: `${R}UserMediaPropertiesLayout`,
  [`${R}ScriptSelectors`]: `${R}ScriptSelector`,
};

/** ContainerServices topics whose handlers receive an event object of a documented class. */
export const TOPIC_EVENTS: Record<string, string> = {
  WORKFLOW_ACTION_EVENT: `${C}WorkflowActionEvent`,
  GADGET_VIEW_CHANGED_EVENT: `${C}GadgetViewChangedEvent`,
  MAX_AVAILABLE_HEIGHT_CHANGED_EVENT: `${C}MaxAvailableHeightChangedEvent`,
  TIMER_TICK_EVENT: `${C}TimerTickEvent`,
};

/** The class itself, then its bases: where a member is looked up. */
export function lineage(cls: string): string[] {
  const c = finesseClasses().get(cls);
  return [cls, ...(c?.bases ?? [])];
}

/** Whether `member` is a documented (or third-party-typed) member of the class or one of its bases. */
export function memberOf(cls: string, member: string): { cls: string; documented: boolean } | undefined {
  for (const name of lineage(cls)) {
    const c = finesseClasses().get(name);
    if (!c) continue;
    if (c.methods.includes(member) || c.constants.includes(member)) return { cls: name, documented: true };
    if (c.unverified.includes(member)) return { cls: name, documented: false };
  }
  return undefined;
}

/** What `cls#member` returns, looked up along the lineage. */
export function returnType(cls: string, member: string): string | undefined {
  // A service's init() hands back the service (ContainerServices, PopoverService, ChannelService, ...).
  if (member === 'init' && finesseClasses().get(cls)?.kind === 'singleton' && finesseClasses().get(cls)?.methods.includes('init')) return cls;
  for (const name of lineage(cls)) {
    const t = RETURNS[`${name}#${member}`];
    if (t) return t;
  }
  return undefined;
}

/** The longest prefix of a dotted chain that names a class of the inventory. */
export function classPrefix(chain: string): FinesseClass | undefined {
  const parts = chain.split('.');
  for (let n = parts.length; n >= 2; n--) {
    const c = finesseClasses().get(parts.slice(0, n).join('.'));
    if (c) return c;
  }
  return undefined;
}
