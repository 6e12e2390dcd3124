/**
 * teacher-student/teachers/registry: the teacher kinds by name. Built-ins (`nn`, `linear`, `hidden-manifold`) are
 * registered here; plugins add theirs with registerTeacher, and configs select one through their `kind`.
 */
import { checkObject, fail } from '../errors';
import { hiddenManifoldTeacherDefinition } from './hidden-manifold-teacher';
import { linearTeacherDefinition } from './linear-teacher';
import { nnTeacherDefinition } from './nn-teacher';
import type { Teacher, TeacherConfig, TeacherDefinition } from './teacher';

/** A registered teacher kind, as listTeachers reports it. */
export interface TeacherKindInfo {
  kind: string;
  description: string;
  defaults: TeacherConfig;
}

const registry = new Map<string, TeacherDefinition>([
  ['nn', nnTeacherDefinition],
  ['linear', linearTeacherDefinition],
  ['hidden-manifold', hiddenManifoldTeacherDefinition],
]);

/**
 * Adds a teacher kind. Throws if the kind exists, unless `options.replace` is true (replacing a built-in changes
 * every config that names it, so it has to be asked for).
 */
export function registerTeacher(
  kind: string,
  definition: TeacherDefinition,
  options: { replace?: boolean } = {},
): void {
  if (typeof kind !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(kind)) {
    fail(
      'registerTeacher',
      `kind must be a lower-case name like 'my-teacher', got ${JSON.stringify(kind)} (use letters, digits and '-')`,
    );
  }
  if (typeof definition !== 'object' || definition === null || typeof definition.create !== 'function') {
    fail(
      'registerTeacher',
      `the definition of '${kind}' has no create(config) function (pass { description, defaults, create })`,
    );
  }
  if (registry.has(kind) && !options.replace) {
    fail(
      'registerTeacher',
      `a teacher kind '${kind}' is already registered (pick another kind, or pass { replace: true })`,
    );
  }
  registry.set(kind, definition);
}

/** Removes a plugin kind (mainly for tests). Returns whether it existed. */
export function unregisterTeacher(kind: string): boolean {
  return registry.delete(kind);
}

/** The registered kinds, in registration order. */
export function listTeachers(): TeacherKindInfo[] {
  return [...registry.entries()].map(([kind, def]) => ({
    kind,
    description: def.description,
    defaults: structuredClone(def.defaults),
  }));
}

/** Builds the teacher a config describes; unknown kinds and invalid fields throw `teacher-student/createTeacher` errors. */
export function createTeacher(config: TeacherConfig): Teacher {
  const c = checkObject('createTeacher', 'the teacher config', config);
  const kind = c.kind;
  const definition = typeof kind === 'string' ? registry.get(kind) : undefined;
  if (!definition) {
    fail(
      'createTeacher',
      `unknown teacher kind ${JSON.stringify(kind)} (registered kinds: ${[...registry.keys()].join(', ')}; plugins add theirs with registerTeacher)`,
    );
  }
  const teacher = definition.create(config);
  if (teacher.kind !== kind) {
    fail(
      'createTeacher',
      `the '${kind}' definition built a teacher of kind '${teacher.kind}' (its create() must return a teacher with kind '${kind}')`,
    );
  }
  return teacher;
}
