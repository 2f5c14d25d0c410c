// CTR-07: gadgets.window.adjustHeight([height]). The layout sizes a widget, so the plain call goes;
// an explicit height is the gadget asking for that size, which the element can still set on itself.
'use strict';

exports.apply = function apply(site) {
  const { call, isStatement, names } = site;
  const arg = call && call.arguments ? call.arguments[0] : undefined;
  if (!isStatement) {
    return { outcome: 'todo', note: 'adjustHeight() is used as a value here; the layout sizes the widget, so remove the use' };
  }
  if (!arg) {
    site.replaceStatement('/* finesse-migrate [CTR-07] removed gadgets.window.adjustHeight(): the layout sizes the widget (style in its layout entry) */');
    return { outcome: 'dropped' };
  }
  const value = site.ts.isNumericLiteral(arg) ? JSON.stringify(arg.text + 'px') : site.text(arg) + ' + "px"';
  site.replace(call, names.host + '.style.height = ' + value);
  return {
    outcome: 'mapped',
    note: 'the widget sets its own height; the layout entry\'s style.height still bounds the area it gets',
  };
};
