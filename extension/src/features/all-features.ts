// Every injected feature, one import each. Importing a feature file registers it; the convention
// test (test/extension/conventions.test.ts) checks that no file in this folder is missing here.
import './import-export-buttons.ts';
