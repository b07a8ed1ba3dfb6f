import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@chuishao/kernel';
import { ApiErrors, Ctx, Roles, type RequestContext } from '@chuishao/platform';
import { EditDirectory } from '../application/edit-directory/edit-directory.use-case';
import { DepartmentRepository } from '../infrastructure/persistence/department.repository';
import { DirectoryRepository } from '../infrastructure/persistence/directory.repository';
import { SetCenterSupervisorsDto, SetDepartmentContactsDto, SetWebhookDto } from './dto/notification.dto';
import { ContactListView, contactView, WebhookView, webhookView } from './notification.views';

/** Who hears what: the directory's people (duty roster included) and each department's webhook. Ops and supervisors edit. */
@ApiTags('directory')
@Controller()
export class DirectoryController {
  constructor(
    private readonly edit: EditDirectory,
    private readonly departments: DepartmentRepository,
    private readonly directory: DirectoryRepository,
  ) {}

  @Get('departments/:id/contacts')
  @Roles('ops', 'supervisor')
  @ApiOperation({ summary: "A department's head and liaisons with the duty roster (phones masked)" })
  @ApiOkResponse({ type: ContactListView })
  @ApiErrors({ notFound: ['DEPARTMENT_NOT_FOUND'] })
  async contacts(@Param('id') id: string): Promise<ContactListView> {
    if (!(await this.departments.find(id)))
      throw new NotFoundError('DEPARTMENT_NOT_FOUND', `no department with id ${id}`);
    return { items: (await this.directory.contactsOf('department', id)).map(contactView) };
  }

  @Put('departments/:id/contacts')
  @Roles('ops', 'supervisor')
  @ApiOperation({
    summary: "Replace a department's head and liaisons, with who is on duty",
    description: 'Summons and warnings text the on-duty liaisons, level-1 escalations the head.',
  })
  @ApiOkResponse({ type: ContactListView })
  @ApiErrors({ notFound: ['DEPARTMENT_NOT_FOUND'] })
  async setContacts(
    @Param('id') id: string,
    @Body() body: SetDepartmentContactsDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ContactListView> {
    const contacts = await this.edit.setDepartmentContacts(id, body, ctx);
    return { items: contacts.map(contactView) };
  }

  @Put('centers/:id/supervisors')
  @Roles('ops', 'supervisor')
  @ApiOperation({ summary: "Replace a center's supervisors, who are texted level-2 escalations (督办)" })
  @ApiOkResponse({ type: ContactListView })
  @ApiErrors({ notFound: ['CENTER_NOT_FOUND'] })
  async setSupervisors(
    @Param('id') id: string,
    @Body() body: SetCenterSupervisorsDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ContactListView> {
    const supervisors = await this.edit.setCenterSupervisors(id, body.supervisors, ctx);
    return { items: supervisors.map(contactView) };
  }

  @Put('departments/:id/webhook')
  @Roles('ops', 'supervisor')
  @ApiOperation({
    summary: "Set a department's webhook",
    description:
      'Every summons, warning and escalation of the department is POSTed there, signed with the secret (HMAC-SHA256).',
  })
  @ApiOkResponse({ type: WebhookView })
  @ApiErrors({ notFound: ['DEPARTMENT_NOT_FOUND'] })
  async setWebhook(
    @Param('id') id: string,
    @Body() body: SetWebhookDto,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookView> {
    return webhookView(await this.edit.setWebhook(id, body, ctx));
  }
}
