import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@chuishao/kernel';
import { ANY_ROLE, ApiErrors, Roles } from '@chuishao/platform';
import { CaseRepository } from '../infrastructure/persistence/case.repository';

@ApiTags('centers')
@Controller('centers')
export class CentersController {
  constructor(private readonly cases: CaseRepository) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'The governance-center network: district, towns, villages' })
  async list() {
    return { items: await this.cases.centers() };
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'One governance center' })
  @ApiErrors({ notFound: ['CENTER_NOT_FOUND'] })
  async get(@Param('id') id: string) {
    const center = (await this.cases.centers()).find((c) => c.id === id);
    if (!center) throw new NotFoundError('CENTER_NOT_FOUND', `no center with id ${id}`);
    return center;
  }
}
