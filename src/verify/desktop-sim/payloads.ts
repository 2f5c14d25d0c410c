// Shapes of the Desktop's notification payloads, as the simulator sends them, and the builders that make
// them. Field names follow @wxcc-desktop/sdk-types (Service.Aqm.Contact.AgentContact / Interaction,
// Service.Aqm.Agent.StateChangeSuccess, Service.Aqm.ScreenPop.ScreenPopDetail, Service.Aqm.Configs.Entity)
// and the example responses of the Desktop developer guide. Required fields of those types are all
// filled, so a message typed with the real SDK types is what a widget receives here too.
import type { MediaType } from './protocol.js';

/** Every AQM notification: an envelope around `data` (sdk-types core/aqm-reqs Msg<T>). */
export interface Msg<T> {
  type: string;
  orgId: string;
  trackingId: string;
  data: T;
}

/** Idle and wrap-up codes (Service.Aqm.Configs.Entity / WrapUpReason). */
export interface AuxCode {
  id: string;
  name: string;
  isSystem: boolean;
  isDefault: boolean;
}

/** One call-associated data variable (Service.Aqm.Contact.callAssociatedData, plus the guide's extra fields). */
export interface CadVariable {
  displayName: string;
  name: string;
  agentEditable: boolean;
  agentViewable: boolean;
  value: string;
  type: string;
  isSecure: boolean;
  secureKeyId: string;
  secureKeyVersion: number;
  global: boolean;
  reportable: boolean;
}

export interface MediaLeg {
  mediaResourceId: string;
  mediaType: string;
  mediaMgr: string;
  participants: string[];
  mType: string;
  isHold: boolean;
  holdTimestamp: number | null;
}

/** callProcessingDetails: every field the sdk-types Interaction type requires, as strings. */
export interface CallProcessingDetails {
  QMgrName: string;
  taskToBeSelfServiced: string;
  ani: string;
  displayAni: string;
  dnis: string;
  tenantId: string;
  QueueId: string;
  vteamId: string;
  customerName: string;
  virtualTeamName: string;
  ronaTimeout: string;
  category: string;
  reason: string;
  sourceNumber: string;
  sourcePage: string;
  appUser: string;
  customerNumber: string;
  reasonCode: string;
  IvrPath: string;
  pathId: string;
  fromAddress: string;
  EP_ID?: string;
  ROUTING_TYPE?: string;
  contactAssignmentType?: string;
  pauseResumeEnabled?: string;
  recordInProgress?: string;
  isPaused?: string;
  [extra: string]: string | number | boolean | undefined;
}

export interface Interaction {
  isFcManaged: boolean;
  isTerminated: boolean;
  mediaType: string;
  previousVTeams: string[];
  /** "new" when offered, "connected" once assigned, "wrapUp" in wrap-up (the ended example of the guide stays "connected"). */
  state: string;
  currentVTeam: string;
  participants: Record<string, Record<string, unknown>>;
  interactionId: string;
  orgId: string;
  createdTimestamp?: number;
  isMediaForked?: boolean;
  mediaProperties?: { chatType: string; type: string } | null;
  callProcessingDetails: CallProcessingDetails;
  mainInteractionId?: string;
  media: Record<string, MediaLeg>;
  owner: string;
  mediaChannel: string;
  contactDirection: { type: string };
  outboundType?: string;
  callFlowParams: Record<
    string,
    { name: string; qualifier: string; description: string; valueDataType: string; value: string }
  >;
  callAssociatedData?: Record<string, CadVariable>;
  callAssociatedDetails?: Record<string, string>;
}

/** `data` of a contact event (Service.Aqm.Contact.AgentContact['data']). Task map values are these. */
export interface ContactData {
  mediaResourceId: string;
  eventType: string;
  eventTime?: number;
  agentId: string;
  destAgentId: string;
  trackingId: string;
  consultMediaResourceId: string;
  interaction: Interaction;
  interactionId: string;
  orgId: string;
  owner: string;
  queueMgr: string;
  type: string;
  ronaTimeout?: number;
  isConsulted?: boolean;
  isConferencing: boolean;
  updatedBy?: string;
  reasonCode?: string | number;
  reason?: string;
  autoResumed?: boolean;
  destinationType?: string;
  agentsPendingWrapUp?: string[];
  wrapUpAuxCodeId?: string;
}

export type AgentContactMsg = Msg<ContactData>;

/** Service.Aqm.Agent.StateChangeSuccess['data']. */
export interface StateChangeData {
  eventType: 'AgentDesktopMessage';
  agentId: string;
  trackingId: string;
  auxCodeId: string;
  agentSessionId: string;
  orgId: string;
  status: string;
  subStatus: 'Available' | 'Idle';
  lastIdleCodeChangeTimestamp: number;
  lastStateChangeTimestamp: number;
  type: 'AgentStateChangeSuccess';
  changedBy: string | null;
  changedById: string | null;
  changedByName: string | null;
  lastStateChangeReason: string;
}

/** Service.Aqm.Agent.AgentChannelStateChanged['data']. */
export interface ChannelStateData {
  agentId: string;
  orgId: string;
  channelType: string;
  agentChannelStateDetail: {
    agentState: string;
    pendingIdle: boolean;
    auxCodeId?: string | null;
    availableChannelCount: number;
    totalChannelCount: number;
    stateChangeTimestamp: number;
    stateChangeReason: string;
  };
  changedBy: string | null;
  changedById: string | null;
  changedByName: string | null;
  connectedChannels: string[];
  agentSessionId: string;
  trackingId: string;
  type: 'AgentChannelStateChanged';
  eventType: 'AgentDesktopMessage';
}

/** Service.Aqm.ScreenPop.ScreenPopDetail['data']. */
export interface ScreenPopData {
  agentId: string;
  interactionId: string;
  type: string;
  screenPopDesktopLabel: string;
  screenPopUrl: string;
  queryParameters: Record<string, string>;
  target: string;
  screenPopName: string;
}

/** The fixed tenant, agent and profile the simulated Desktop runs with. */
export const SIM = {
  orgId: 'f111e3af-1a45-42ef-9e8f-4562354b8a25',
  agentId: '7c867aa9-ec76-441a-b767-e5dd6ae7a701',
  agentProfileId: '2c1e9f0a-3b7d-4f5e-8a6c-9d0b1e2f3a4b',
  agentSessionId: '3d017488-527a-4e89-9313-5d4eb353c789',
  agentName: 'Ada Lovelace',
  agentEmail: 'ada.lovelace@example.com',
  dn: '+14085550123',
  teamId: '964e1c2d-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  teamName: 'Analytical Engines',
  siteId: '205a1b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c',
  queueId: '0025a125-4d2c-4e1a-833d-909e95a389cc',
  queueName: 'Queue_General',
  entryPointId: '6941634b-c781-4d0a-8d70-bd2a2174dcd7',
  tenantId: '58f1a59e-245c-4536-9ee4-06560658e493',
  /** auxCodeId the Desktop sends for Available. */
  availableAuxCodeId: '0',
  idleCodes: [
    { id: 'b1a7c3d2-0e4f-4a5b-9c6d-1e2f3a4b5c6d', name: 'RONA', isSystem: true, isDefault: false },
    { id: 'c2b8d4e3-1f5a-4b6c-8d7e-2f3a4b5c6d7e', name: 'Not Ready', isSystem: false, isDefault: true },
    { id: 'd3c9e5f4-2a6b-4c7d-9e8f-3a4b5c6d7e8f', name: 'Lunch', isSystem: false, isDefault: false },
    { id: 'e4d0f6a5-3b7c-4d8e-8f9a-4b5c6d7e8f9a', name: 'Meeting', isSystem: false, isDefault: false },
  ] as AuxCode[],
  wrapupCodes: [
    { id: 'f5e1a7b6-4c8d-4e9f-9a0b-5c6d7e8f9a0b', name: 'Resolved', isSystem: false, isDefault: true },
    { id: 'a6f2b8c7-5d9e-4f0a-8b1c-6d7e8f9a0b1c', name: 'Follow-up needed', isSystem: false, isDefault: false },
    { id: 'b7a3c9d8-6e0f-4a1b-9c2d-7e8f9a0b1c2d', name: 'Sales', isSystem: false, isDefault: false },
  ] as AuxCode[],
  outDialRegex: '([0-9a-zA-Z]+[-._])*[0-9a-zA-Z]+',
} as const;

/** Default caller address per media type when the session names none. */
export function defaultAni(mediaType: MediaType): string {
  if (mediaType === 'telephony') return '+14155550100';
  if (mediaType === 'email') return 'customer@example.com';
  return 'Grace Hopper';
}

function mediaChannel(mediaType: MediaType): string {
  return { telephony: 'broadcloud', chat: 'web', email: 'email', social: 'messenger' }[mediaType];
}

export function cadVariable(name: string, value: string): CadVariable {
  return {
    displayName: name,
    name,
    agentEditable: true,
    agentViewable: true,
    value,
    type: 'STRING',
    isSecure: false,
    secureKeyId: '',
    secureKeyVersion: 0,
    global: false,
    reportable: false,
  };
}

export interface NewContact {
  interactionId: string;
  mediaResourceId: string;
  mediaType: MediaType;
  ani: string;
  dnis: string;
  cad: Record<string, string>;
  direction: 'INBOUND' | 'OUTBOUND';
  outboundType?: string;
  trackingId: string;
  now: number;
}

/** The task as AgentOfferContact carries it: interaction state "new", one main media leg. */
export function newContactData(c: NewContact): ContactData {
  const telephony = c.mediaType === 'telephony';
  const customer = telephony ? c.ani : `customer-${c.interactionId.slice(0, 8)}`;
  const callAssociatedData: Record<string, CadVariable> = {};
  for (const [name, value] of Object.entries(c.cad)) callAssociatedData[name] = cadVariable(name, value);
  const interaction: Interaction = {
    isFcManaged: false,
    isTerminated: false,
    mediaType: c.mediaType,
    previousVTeams: [SIM.entryPointId],
    state: 'new',
    currentVTeam: SIM.queueId,
    participants: {
      [customer]: {
        id: customer,
        pType: 'Customer',
        type: 'Customer',
        hasJoined: true,
        hasLeft: false,
        callerId: null,
      },
      [SIM.agentId]: {
        id: SIM.agentId,
        pType: 'Agent',
        type: 'Agent',
        name: SIM.agentName,
        dn: SIM.dn,
        teamId: SIM.teamId,
        teamName: SIM.teamName,
        siteId: SIM.siteId,
        sessionId: SIM.agentSessionId,
        queueId: SIM.queueId,
        queueMgrId: 'aqm',
        hasJoined: false,
        isConsulted: false,
        isWrapUp: false,
        consultState: null,
        consultTimestamp: null,
        joinTimestamp: null,
        wrapUpTimestamp: null,
        lastUpdated: c.now,
      },
    },
    interactionId: c.interactionId,
    orgId: SIM.orgId,
    createdTimestamp: c.now,
    isMediaForked: false,
    mediaProperties: null,
    callProcessingDetails: {
      QMgrName: 'aqm',
      taskToBeSelfServiced: 'false',
      ani: c.ani,
      displayAni: c.ani,
      dnis: c.dnis,
      tenantId: SIM.tenantId,
      QueueId: SIM.queueId,
      vteamId: SIM.queueId,
      customerName: c.cad['customerName'] ?? '',
      virtualTeamName: SIM.queueName,
      ronaTimeout: telephony ? '18' : '32',
      category: '',
      reason: '',
      sourceNumber: '',
      sourcePage: '',
      appUser: '',
      customerNumber: telephony ? c.ani : '',
      reasonCode: '',
      IvrPath: '',
      pathId: '',
      fromAddress: c.mediaType === 'email' ? c.ani : '',
      EP_ID: SIM.entryPointId,
      ROUTING_TYPE: 'queueBasedRouting',
      contactAssignmentType: 'ACD',
      pauseResumeEnabled: telephony ? 'true' : 'false',
      recordInProgress: telephony ? 'true' : 'false',
      isPaused: 'false',
    },
    mainInteractionId: c.interactionId,
    media: {
      [c.mediaResourceId]: {
        mediaResourceId: c.mediaResourceId,
        mediaType: c.mediaType,
        mediaMgr: telephony ? 'callmm' : 'digitalmm',
        participants: [customer],
        mType: 'mainCall',
        isHold: false,
        holdTimestamp: null,
      },
    },
    owner: SIM.agentId,
    mediaChannel: c.outboundType ? 'dialer' : mediaChannel(c.mediaType),
    contactDirection: { type: c.direction },
    ...(c.outboundType ? { outboundType: c.outboundType } : {}),
    callFlowParams: {},
    callAssociatedData,
    callAssociatedDetails: {
      ani: c.ani,
      dn: c.dnis,
      ronaTimeout: telephony ? '18' : '32',
      virtualTeamName: SIM.queueName,
    },
  };
  return {
    mediaResourceId: c.mediaResourceId,
    eventType: 'RoutingMessage',
    eventTime: c.now,
    agentId: SIM.agentId,
    destAgentId: '',
    trackingId: c.trackingId,
    consultMediaResourceId: '',
    interaction,
    interactionId: c.interactionId,
    orgId: SIM.orgId,
    owner: SIM.agentId,
    queueMgr: 'aqm',
    type: 'AgentOfferContact',
    ronaTimeout: telephony ? 18 : 32,
    isConsulted: false,
    isConferencing: false,
  };
}

export function envelope<T>(data: T, trackingId: string, type = 'RoutingMessage'): Msg<T> {
  return { data, orgId: SIM.orgId, trackingId: `notifs_${trackingId}`, type };
}

/** Deep copy of JSON-like payload data, so listeners cannot change the simulator's own task objects. */
export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
