import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength, MinLength } from 'class-validator';

export class RequestConfirmationDto {
  @ApiProperty({
    example: ['王某', '李某'],
    description: 'The names of the parties applying; every party of the agreement must be among them',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  consentingParties!: string[];
}
