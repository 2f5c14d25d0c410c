// GAD-11: gadgets.io.makeRequest(url, callback, params). The call becomes the runtime's fetch-based
// makeRequest; where the URL's leading text shows it cannot work from the Desktop (the Finesse REST
// API, a private address, plain http:), the call site is a TODO saying what to build instead.
'use strict';

/** The leftmost string piece of an expression ('a', 'a' + b, `a${b}`), where the URL starts. */
function leading(ts, n) {
  if (ts.isStringLiteralLike(n)) return n.text;
  if (ts.isTemplateExpression(n)) return n.head.text;
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) return leading(ts, n.left);
  if (ts.isParenthesizedExpression(n)) return leading(ts, n.expression);
  return undefined;
}

function unreachable(url, whole) {
  if (/\/finesse\/api\//i.test(whole)) {
    return 'the Finesse REST API does not exist behind the Desktop: use the Desktop SDK call that replaces it (Desktop.agentStateInfo, Desktop.agentContact, Desktop.dialer), or a backend of your own on the Webex Contact Center APIs';
  }
  if (/^https?:\/\/(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/i.test(url)) {
    return 'a private address the Shindig proxy on the Finesse server could reach, but an agent\'s browser on the Desktop usually cannot (and the https Desktop blocks http:): expose the service through a public https endpoint that allows the Desktop origin';
  }
  if (/^http:/i.test(url)) {
    return 'plain http:, which the https Desktop blocks as mixed content (Shindig fetched it on the server): serve the service over https and allow the Desktop origin (CORS)';
  }
  return undefined;
}

exports.apply = function apply(site) {
  const { ts, call, node } = site;
  site.replace(node, 'fmContext.io.makeRequest');
  const arg = call && call.arguments ? call.arguments[0] : undefined;
  const url = arg ? leading(ts, arg) || '' : '';
  const why = arg ? unreachable(url, site.text(arg)) : undefined;
  return why ? { outcome: 'todo', note: `this request cannot work from the Desktop as written: ${why}` } : { outcome: 'mapped' };
};
