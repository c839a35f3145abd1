/**
 * Levels: reaching level L takes 50·L·(L−1) XP in total — 0, 100, 300, 600, 1000, … — so each
 * level asks 100 XP more than the one before.
 */

/** Total XP at which `level` starts. */
export function xpForLevel(level: number): number {
  return 50 * level * (level - 1)
}

/**
 * The level a total of `xp` reaches.
 *
 * @example
 * levelForXp(0)   // 1
 * levelForXp(100) // 2
 * levelForXp(299) // 2
 */
export function levelForXp(xp: number): number {
  let level = 1
  while (xpForLevel(level + 1) <= xp) level++
  return level
}

export interface LevelProgress {
  level: number
  /** XP where this level started and where the next one starts. */
  levelStartXp: number
  nextLevelXp: number
  /** XP still needed for the next level. */
  xpToNextLevel: number
  /** 0–100. */
  percent: number
}

/**
 * Where `xp` stands within its level, for a progress bar.
 *
 * @example
 * levelProgress(150) // { level: 2, levelStartXp: 100, nextLevelXp: 300, xpToNextLevel: 150, percent: 25 }
 */
export function levelProgress(xp: number): LevelProgress {
  const level = levelForXp(xp)
  const levelStartXp = xpForLevel(level)
  const nextLevelXp = xpForLevel(level + 1)
  return {
    level,
    levelStartXp,
    nextLevelXp,
    xpToNextLevel: nextLevelXp - xp,
    percent: Math.floor(((xp - levelStartXp) * 100) / (nextLevelXp - levelStartXp)),
  }
}
