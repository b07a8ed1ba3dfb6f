import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@chuishao/kernel';
import { ANY_ROLE, ApiErrors, Ctx, Roles, type RequestContext } from '@chuishao/platform';
import { ReadSummons } from '../application/read-summons/read-summons.query';
import { parseCenterIds, type Department } from '../domain/department';
import { DepartmentRepository } from '../infrastructure/persistence/department.repository';
import { ListDepartmentsQuery, ListSummonsQuery } from './dto/department.dto';
import { DepartmentListView, DepartmentView, departmentView, SummonsListView, summonsView } from './views';

@ApiTags('departments')
@Controller('departments')
export class DepartmentsController {
  constructor(
    private readonly departments: DepartmentRepository,
    private readonly readSummons: ReadSummons,
  ) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: 'The department directory, optionally only those serving some centers or of one kind',
  })
  @ApiOkResponse({ type: DepartmentListView })
  async list(@Query() query: ListDepartmentsQuery): Promise<DepartmentListView> {
    const departments = await this.departments.list({
      centerIds: parseCenterIds(query.centerIds),
      kind: query.kind,
    });
    return { items: departments.map(departmentView) };
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'One department of the directory' })
  @ApiOkResponse({ type: DepartmentView })
  @ApiErrors({ notFound: ['DEPARTMENT_NOT_FOUND'] })
  async get(@Param('id') id: string): Promise<DepartmentView> {
    return departmentView(await this.existing(id));
  }

  @Get(':id/summons')
  @Roles('liaison', 'operator', 'supervisor', 'ops')
  @ApiOperation({
    summary: "A department's summons inbox, newest first",
    description:
      "Filtered to the caller's post: a liaison sees its own department's (another department's inbox " +
      'is empty to it), an operator or a supervisor the summons of cases at their center or below.',
  })
  @ApiOkResponse({ type: SummonsListView })
  @ApiErrors({ notFound: ['DEPARTMENT_NOT_FOUND'] })
  async inbox(
    @Param('id') id: string,
    @Query() query: ListSummonsQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<SummonsListView> {
    const department = await this.existing(id);
    const summons = await this.readSummons.inbox(department.id, ctx.principal, {
      status: query.status,
      limit: query.limit ?? 50,
    });
    return { items: summons.map(summonsView) };
  }

  private async existing(id: string): Promise<Department> {
    const department = await this.departments.find(id);
    if (!department) throw new NotFoundError('DEPARTMENT_NOT_FOUND', `no department with id ${id}`);
    return department;
  }
}
