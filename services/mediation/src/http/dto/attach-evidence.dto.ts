import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/** The upload's query: the name the file came with (its bytes are the body). */
export class AttachEvidenceQuery {
  @ApiPropertyOptional({
    maxLength: 200,
    example: '收据.jpg',
    description: 'the file’s name, shown to readers; its type is read from the content, never from this',
  })
  @IsOptional()
  @IsString()
  name?: string;
}
