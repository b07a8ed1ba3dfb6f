import { Type } from 'class-transformer';
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
  ValidateNested,
} from 'class-validator';

export class MatterDto {
  @IsString()
  @MinLength(1)
  category!: string;

  @IsString()
  @MinLength(1)
  description!: string;
}

/** ECF's filing, reduced to what a confirmation application needs. */
export class FilingDto {
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  reference!: string;

  @IsString()
  @MinLength(1)
  agreementId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  parties!: string[];

  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => MatterDto)
  matters!: MatterDto[];

  @IsString()
  @MinLength(1)
  terms!: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  callbackUrl?: string;
}

export class SettingsDto {
  @IsOptional() @IsInt() @Min(0) acceptAfterMs?: number;
  @IsOptional() @IsInt() @Min(0) ruleAfterMs?: number;
  @IsOptional() @IsString() refuseTermsMatching?: string;
  @IsOptional() @IsString() rejectTermsMatching?: string;
  @IsOptional() @IsString() extendTermsMatching?: string;
  @IsOptional() @IsBoolean() down?: boolean;
  @IsOptional() @IsInt() @Min(0) dropResponses?: number;
  @IsOptional() @IsInt() @Min(0) responseDelayMs?: number;
}
