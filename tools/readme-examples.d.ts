// Types of tools/readme-examples.js.
export interface ReadmeExample {
  /** Line of the opening fence in the README (1-based). */
  line: number;
  code: string;
}
export interface ExampleRun {
  status: number | null;
  stdout: string;
  stderr: string;
}
export function readmeExamples(readmeFile: string): ReadmeExample[];
export function runExample(code: string, prepare?: (dir: string) => void): Promise<ExampleRun>;
export function typecheckExamples(readmeFiles: string[]): string[];
