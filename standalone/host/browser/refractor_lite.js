// Stand-in for `refractor` in the browser bundle: EUI's code blocks import all ~300 Prism languages through it
// (600 kB in the page-load chunk, via EuiErrorBoundary). The app shows ES|QL (no Prism grammar: plain text),
// JSON and SQL-like text, so the core plus two grammars is enough; other languages render unhighlighted.
import core from 'refractor/core';
import json from 'refractor/lang/json';
import sql from 'refractor/lang/sql';

core.register(json);
core.register(sql);

export const highlight = core.highlight;
export const listLanguages = core.listLanguages;
export const register = core.register;
export const registered = core.registered;
export const alias = core.alias;
export default core;
