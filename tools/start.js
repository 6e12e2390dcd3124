// `npm start`: placeholder until the CLI lands; it will run the quick experiment and write its report.
const { selectBackend } = require('@spectral-ts/spectral');
selectBackend('auto').then((b) => console.log(`spectral-ts: backend ${b} ready`));
