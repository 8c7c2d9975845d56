// Test entry loaded by the VS Code extension host (extensionTestsPath): exports run(), the contract of
// @vscode/test-electron. Runs every *.suite.cjs file next to it with mocha (tdd UI).
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, reporter: 'spec' });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.suite.cjs')).sort();
  if (!files.length) return Promise.reject(new Error(`no *.suite.cjs files in ${__dirname}`));
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
};
