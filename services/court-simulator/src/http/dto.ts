import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { isRegExpSource } from '@chuishao/kernel';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';

/** A pattern the court later runs on every filing's terms: refused here, not when a filing arrives. */
function IsRegExpSource(): PropertyDecorator {
  return ValidateBy({
    name: 'isRegExpSource',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isRegExpSource(value),
      defaultMessage: (args) => `${args?.property ?? 'pattern'} must be a valid regular expression`,
    },
  });
}

export class MatterDto {
  @ApiProperty({ example: 'compensation' })
  @IsString()
  @MinLength(1)
  category!: string;

  @ApiProperty({ example: 'Compensation for the death in the road accident' })
  @IsString()
  @MinLength(1)
  description!: string;
}

/** ECF's filing, reduced to what a confirmation application needs. */
export class FilingDto {
  @ApiProperty({ description: "The filer's own id of the application", maxLength: 128 })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  reference!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  agreementId!: string;

  @ApiProperty({ type: [String], minItems: 1, example: ['王某', '李某'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  parties!: string[];

  @ApiProperty({ type: [MatterDto], minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => MatterDto)
  matters!: MatterDto[];

  @ApiProperty({
    description: 'The agreed terms; `[court:refuse]`, `[court:reject]`, `[court:extend]` steer the simulator',
  })
  @IsString()
  @MinLength(1)
  terms!: string;

  @ApiPropertyOptional({
    format: 'uri',
    description: 'Where the signed notices go; default COURT_CALLBACK_URL',
  })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  callbackUrl?: string;
}

/** Only the switches sent change; see the README's table. */
export class SettingsDto {
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) acceptAfterMs?: number;
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) ruleAfterMs?: number;
  @ApiPropertyOptional({ description: 'regex' })
  @IsOptional()
  @IsString()
  @IsRegExpSource()
  refuseTermsMatching?: string;
  @ApiPropertyOptional({ description: 'regex' })
  @IsOptional()
  @IsString()
  @IsRegExpSource()
  rejectTermsMatching?: string;
  @ApiPropertyOptional({ description: 'regex' })
  @IsOptional()
  @IsString()
  @IsRegExpSource()
  extendTermsMatching?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() down?: boolean;
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) dropResponses?: number;
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) responseDelayMs?: number;
}

/**
 * What the simulator answers on an error. It does not run on the platform: its own refusals carry
 * a string `code`; Nest's validation pipe answers `message` as a list and `error`.
 */
@ApiSchema({ name: 'CourtErrorBody' })
export class CourtErrorBodyDto {
  @ApiProperty({ example: 404 })
  statusCode!: number;

  @ApiPropertyOptional({ example: 'FILING_NOT_FOUND', description: 'On the simulator’s own refusals' })
  code?: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'A list of field problems when the body failed validation',
  })
  message!: string | string[];

  @ApiPropertyOptional({ example: 'Bad Request', description: 'On validation failures' })
  error?: string;
}
