/**
 * A fixture project (adoption/projects/<name>) copied into a fresh folder outside the repository
 * and installed there as a user would: `npm install` of the packed Spool tarballs it needs, plus
 * the registry packages its package.json lists, through the machine's npm cache. node_modules do
 * not depend on the Node version, so one install serves every Node the project runs on.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { type Ran, type RunOptions, run, type Started, start } from './processes.ts'
import { nodeBinary, nodeMajors, root, spoolClosure, tarballs } from './setup.ts'

export interface ProjectOptions {
  /** Spool packages the project installs (their Spool dependencies come along), e.g. `['bus', 'cli']`. */
  readonly spool: readonly string[]
}

type CommandOptions = Omit<RunOptions, 'cwd'>

export interface Project {
  readonly dir: string
  /** The Node binary of each major the project runs on. */
  readonly nodes: Readonly<Record<(typeof nodeMajors)[number], string>>
  run(command: string, args: readonly string[], options: CommandOptions): Promise<Ran>
  /** Starts a command in the background, stopped (its whole process group) after the test `t`. */
  start(t: TestContext, command: string, args: readonly string[], options: CommandOptions): Started
}

/**
 * Copies the fixture folders (later ones over earlier ones) into a temporary folder and installs
 * it; the folder is removed after the test `t`.
 *
 * @example
 * const project = await installProject(t, ['plain-js'], { spool: ['catalog', 'bus', 'cli'] })
 * const ran = await project.run('node', ['src/publish.js'], { node: project.nodes[22] })
 */
export async function installProject(
  t: TestContext,
  fixtures: readonly string[],
  options: ProjectOptions,
): Promise<Project> {
  const started = performance.now()
  const [files, ...binaries] = await Promise.all([tarballs(), ...nodeMajors.map((m) => nodeBinary(m))])
  const nodes = Object.fromEntries(nodeMajors.map((m, i) => [m, binaries[i]!])) as Project['nodes']
  const prepared = performance.now()

  const dir = mkdtempSync(join(tmpdir(), `spool-adoption-${fixtures.at(-1)}-`))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  for (const fixture of fixtures)
    cpSync(join(root, 'adoption', 'projects', fixture), dir, { recursive: true })

  const packages = spoolClosure(options.spool).map((name) => {
    const file = files[name]
    if (file === undefined) throw new Error(`${name} was not packed`)
    return file
  })
  // npm on the oldest Node the project supports, as its developer would have it.
  const install = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...packages],
    { cwd: dir, node: nodes[22], timeout: 300_000 },
  )
  if (install.code !== 0) {
    throw new Error(
      `npm install failed in ${dir} (exit ${install.code}):\n${install.stdout}\n${install.stderr}`,
    )
  }
  t.diagnostic(
    `${fixtures.join(' + ')}: tarballs and Node binaries ready in ${seconds(prepared - started)}, ` +
      `npm install of ${packages.length} Spool tarballs and the registry packages in ${seconds(install.ms)}`,
  )
  return {
    dir,
    nodes,
    run: (command, args, opts) => run(command, args, { ...opts, cwd: dir }),
    start: (test, command, args, opts) => {
      const child = start(command, args, { ...opts, cwd: dir })
      test.after(() => child.stop())
      return child
    },
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
