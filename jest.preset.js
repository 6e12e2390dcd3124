// Shared jest configuration: every package's jest.config.js calls this with its own directory.
// Sibling packages are mapped to their TypeScript sources, so tests never need a prior build.
const path = require('path');

const packages = [
  'statistics',
  'kernel-native',
  'spectral',
  'teacher-student',
  'image-datasets',
  'training',
  'pruning',
  'topology',
  'results',
];
const apps = ['cli', 'report'];

module.exports = (projectDir) => ({
  rootDir: projectDir,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleNameMapper: Object.fromEntries([
    ...packages.map((p) => [`^@spectral-ts/${p}$`, path.join(__dirname, 'packages', p, 'src', 'index.ts')]),
    ['^@spectral-ts/spectral/node$', path.join(__dirname, 'packages', 'spectral', 'src', 'node.ts')],
    ...apps.map((a) => [`^@spectral-ts/${a}$`, path.join(__dirname, 'apps', a, 'src', 'index.ts')]),
  ]),
  setupFilesAfterEnv: [path.join(__dirname, 'tools', 'jest-backend.ts')],
  reporters: ['default', path.join(__dirname, 'tools', 'jest-count-reporter.js')],
  testTimeout: 300000,
});
