// Copies the files the extension ships but does not own, so that each has one source of
// truth in the repository: the TextMate grammar (grammars/sqrt.tmLanguage.json, shared
// with other editors) and the project's LICENSE. Run by `npm run compile`.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const extension = join(dirname(fileURLToPath(import.meta.url)), "..");
const repository = join(extension, "..", "..");

const copies = [
  [join(repository, "grammars", "sqrt.tmLanguage.json"), join(extension, "syntaxes", "sqrt.tmLanguage.json")],
  [join(repository, "LICENSE"), join(extension, "LICENSE")],
];

for (const [source, target] of copies) {
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
}
