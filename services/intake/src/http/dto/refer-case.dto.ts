import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsStorableText } from './storable-text';

export class ReferCaseDto {
  @ApiProperty({
    example: 'shangqin-town',
    description:
      "The receiving center: the case's center's parent (上报) or a center directly below it (交办)",
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  toCenterId!: string;

  @ApiProperty({ example: '涉及三个村的土地，村里无法调处', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  @IsStorableText()
  reason!: string;
}
