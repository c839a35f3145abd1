/**
 * HTTP entry points of the notifications (seed 001's KafkaController), so other services — or curl —
 * can ask for one. 202: accepted and on Kafka (or in the offline spool); 400 names the bad field.
 */
import {
  type ArgumentsHost,
  Body,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  HttpCode,
  Post,
  UseFilters,
} from '@nestjs/common'
import { ValidationError } from '@spool/catalog'
import { RealtimeGateway } from '../realtime/realtime.gateway.mts'
import { KafkaService } from './kafka.service.mts'
import type { ConceptMasteredInput, SessionStartingSoonInput } from './notifications.mts'

/** A catalog `ValidationError` (bad DTO) is the client's mistake: 400 with every issue. */
@Catch(ValidationError)
export class ValidationErrorFilter implements ExceptionFilter {
  catch(error: ValidationError, host: ArgumentsHost) {
    host
      .switchToHttp()
      .getResponse()
      .status(400)
      .send({ statusCode: 400, error: 'Bad Request', message: error.message, issues: error.issues })
  }
}

@Controller('notifications')
@UseFilters(ValidationErrorFilter)
export class KafkaController {
  constructor(
    private readonly kafkaService: KafkaService,
    private readonly gateway: RealtimeGateway,
  ) {}

  @Post('session-starting-soon')
  @HttpCode(202)
  async sessionStartingSoon(@Body() dto: SessionStartingSoonInput) {
    const { id, topic, partition, offset, spooled } =
      await this.kafkaService.sendSessionStartSoonNotification(dto)
    return { id, topic, partition, offset: offset?.toString(), spooled }
  }

  @Post('concept-mastered')
  @HttpCode(202)
  async conceptMastered(@Body() dto: ConceptMasteredInput) {
    const { id, topic, partition, offset, spooled } =
      await this.kafkaService.sendConceptMasteredNotification(dto)
    return { id, topic, partition, offset: offset?.toString(), spooled }
  }

  /** Users with an open WebSocket connection on this instance. */
  @Get('connected-users')
  connectedUsers() {
    return this.gateway.connectedUsers()
  }
}
