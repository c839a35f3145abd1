/**
 * The consumer of `student.knowledge.updated` (seed 000: "listen for student progress events"):
 * a typed handler in the service's consumer group. Records that are not valid events go to
 * `student.knowledge.updated.dlq` with the reason; a failing handler is retried first.
 */
import { Controller, Get, Injectable, NotFoundException, Param } from '@nestjs/common'
import type { EventContext } from '@spool/bus'
import type { EnvelopeOf } from '@spool/catalog'
import { SpoolHandler } from '@spool/nest'
import { StudentKnowledgeUpdated } from '../events.mts'

export interface ConceptMastery {
  conceptId: string
  masteryLevel: number
  updatedAt: string
}

@Injectable()
export class StudentProgressService {
  private readonly progress = new Map<string, Map<string, ConceptMastery>>()

  // Both parameters are declared: under `strict`, the decorator checks the method's exact signature.
  @SpoolHandler(StudentKnowledgeUpdated)
  onKnowledgeUpdated(event: EnvelopeOf<typeof StudentKnowledgeUpdated>, _context: EventContext) {
    const { studentId, conceptId, masteryLevel, timestamp } = event.data
    const concepts = this.progress.get(studentId) ?? new Map<string, ConceptMastery>()
    concepts.set(conceptId, { conceptId, masteryLevel, updatedAt: timestamp })
    this.progress.set(studentId, concepts)
  }

  of(studentId: string): ConceptMastery[] | undefined {
    const concepts = this.progress.get(studentId)
    return concepts && [...concepts.values()]
  }
}

@Controller('students')
export class StudentProgressController {
  constructor(private readonly progress: StudentProgressService) {}

  @Get(':id/progress')
  get(@Param('id') studentId: string) {
    const concepts = this.progress.of(studentId)
    if (!concepts) throw new NotFoundException(`no progress received for student ${studentId}`)
    return { studentId, concepts }
  }
}
