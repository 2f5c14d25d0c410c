// DLG-15: Dialog#requestAction(target, action, handlers). The adapter performs HOLD, RETRIEVE, DROP,
// CLOSE, ACCEPT and ANSWER over the Desktop SDK and refuses every other action at run time (through
// the error handler), so a call naming another action is a TODO here, with what to build instead.
'use strict';

const PERFORMED = new Set(['HOLD', 'RETRIEVE', 'DROP', 'CLOSE', 'ACCEPT', 'ANSWER']);
const INSTEAD = {
  TRANSFER: 'a consult transfer is Desktop.agentContact.consultV2 then consultTransferV2, with a Desktop destination (agent, queue, dial number or entry point)',
  TRANSFER_SST: 'a single-step transfer is Desktop.agentContact.blindTransferV2({ interactionId, data: { to, destinationType } })',
  CONSULT_CALL: 'a consult is Desktop.agentContact.consultV2({ interactionId, data: { to, destinationType, holdParticipants: true } })',
  CONFERENCE: 'a conference is Desktop.agentContact.consultConferenceV2 after a consultV2',
  PARTICIPANT_DROP: 'dropping a conference party is Desktop.agentContact.dropConferenceParticipant (or exitConference)',
  BARGE_CALL: 'barging in is Desktop.monitoring.bargeIn, for supervisors monitoring the call',
  START_RECORDING: 'the Desktop has no way for a widget to start recording; recording is set in the flow or the tenant',
  MAKE_CALL: 'an outdial is Desktop.dialer.startOutdial (User#makeCall does it through the adapter)',
  UPDATE_CALL_DATA: 'call data is written with Dialog#updateCallVariables (Desktop.dialer.updateCadVariables)',
  DTMF: 'tones are Dialog#sendDTMFRequest (WebRTC softphone only)',
  REJECT: 'an offered contact cannot be rejected; a consult offer is declined with Desktop.agentContact.decline',
  RECLASSIFY: 'the Desktop has no call reclassification',
  UPDATE_SCHEDULED_CALLBACK: 'callbacks are Desktop.scheduleCallback',
  CANCEL_SCHEDULED_CALLBACK: 'callbacks are Desktop.scheduleCallback',
};

exports.apply = function apply(site) {
  const { ts, call } = site;
  const arg = call && call.arguments ? call.arguments[1] : undefined;
  const name = !arg ? undefined
    : ts.isStringLiteralLike(arg) ? arg.text
      : ts.isPropertyAccessExpression(arg) ? arg.name.text
        : undefined;
  if (name && PERFORMED.has(name)) return { outcome: 'mapped' };
  if (name) {
    return {
      outcome: 'todo',
      note: `the adapter refuses ${name} (it calls the error handler); ${INSTEAD[name] || 'the Desktop SDK has no such action'}`,
    };
  }
  return {
    outcome: 'mapped',
    note: 'the action is computed at run time: HOLD, RETRIEVE, DROP, CLOSE, ACCEPT and ANSWER are performed, any other is refused through the error handler',
  };
};
