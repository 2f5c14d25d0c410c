// TypeScript's compiler, loaded with require(). An ESM `import ts from 'typescript'` makes Node scan
// its 9 MB CommonJS file for export names (cjs-module-lexer) and for module syntax before compiling
// it, which took longer than loading it: about half the start-up of a one-gadget migrate.
// It is compiled with a V8 code cache kept between runs (src/code-cache.ts): compiling it was a third
// of a one-gadget migrate. The types are TypeScript's own; the names used below as types are listed
// in the namespace (a missing one is a compile error naming it: add it here).
import { createRequire } from 'node:module';
import type TS from 'typescript';
import { requireWithCodeCache } from './code-cache.js';

const { version } = createRequire(import.meta.url)('typescript/package.json') as { version: string };
export const ts = requireWithCodeCache('typescript', import.meta.url, version) as typeof TS;

export declare namespace ts {
  export type BinaryExpression = TS.BinaryExpression;
  export type BindingName = TS.BindingName;
  export type CallExpression = TS.CallExpression;
  export type CompilerOptions = TS.CompilerOptions;
  export type Diagnostic = TS.Diagnostic;
  export type DiagnosticWithLocation = TS.DiagnosticWithLocation;
  export type ElementAccessExpression = TS.ElementAccessExpression;
  export type Expression = TS.Expression;
  export type FunctionLikeDeclaration = TS.FunctionLikeDeclaration;
  export type Identifier = TS.Identifier;
  export type NewExpression = TS.NewExpression;
  export type Node = TS.Node;
  export type NodeFlags = TS.NodeFlags;
  export type Program = TS.Program;
  export type PropertyAccessExpression = TS.PropertyAccessExpression;
  export type PropertyAssignment = TS.PropertyAssignment;
  export type ScriptKind = TS.ScriptKind;
  export type ScriptTarget = TS.ScriptTarget;
  export type SignatureDeclaration = TS.SignatureDeclaration;
  export type SourceFile = TS.SourceFile;
  export type StringLiteralLike = TS.StringLiteralLike;
  export type SyntaxKind = TS.SyntaxKind;
}
