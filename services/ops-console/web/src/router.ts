import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { HOME, useSession, type Role } from './stores/session';

const desk = (path: string, name: string, roles: Role[], component: RouteRecordRaw['component']) =>
  ({ path, name, component, meta: { roles } }) as RouteRecordRaw;

const SUPERVISION: Role[] = ['supervisor', 'ops', 'operator'];

/** Every page is its own chunk: a liaison's phone loads the liaison page and nothing of the desks. */
const routes: RouteRecordRaw[] = [
  {
    path: '/sign-in',
    name: 'sign-in',
    component: () => import('./views/SignIn.vue'),
    meta: { public: true },
  },
  {
    path: '/sign-in/callback',
    name: 'sign-in-callback',
    component: () => import('./views/SignInCallback.vue'),
    meta: { public: true },
  },
  {
    // The party's page from the follow-up SMS (回访): no account, the link's token is enough.
    path: '/follow-up/:token',
    name: 'follow-up',
    component: () => import('./views/party/FollowUpAnswer.vue'),
    meta: { public: true },
  },
  desk('/clerk', 'clerk', ['clerk'], () => import('./views/clerk/ClerkDesk.vue')),
  desk('/operator', 'operator', ['operator'], () => import('./views/operator/OperatorQueue.vue')),
  desk(
    '/operator/cases/:id',
    'dispatch-case',
    ['operator'],
    () => import('./views/operator/DispatchCase.vue'),
  ),
  desk('/liaison', 'liaison', ['liaison'], () => import('./views/liaison/LiaisonInbox.vue')),
  desk('/mediator', 'mediator', ['mediator'], () => import('./views/mediator/MyMediations.vue')),
  desk(
    '/mediator/mediations/:id',
    'mediation',
    ['mediator'],
    () => import('./views/mediator/MediationDesk.vue'),
  ),
  desk('/board', 'board', SUPERVISION, () => import('./views/supervisor/SlaBoard.vue')),
  desk('/cases', 'cases', [...SUPERVISION, 'mediator'], () => import('./views/supervisor/CaseList.vue')),
  desk('/cases/:id', 'case', [...SUPERVISION, 'mediator'], () => import('./views/supervisor/CaseFile.vue')),
  desk('/scorecards', 'scorecards', SUPERVISION, () => import('./views/supervisor/ScoreCards.vue')),
  // A department's duty roster: its liaison keeps their own, supervisors and ops any department's.
  desk('/roster', 'roster', ['liaison', 'supervisor', 'ops'], () => import('./views/roster/DutyRoster.vue')),
  desk('/hall', 'hall', SUPERVISION, () => import('./views/supervisor/HallScreen.vue')),
  // Escalation policies (升级策略): supervisors their center's and below, ops every one.
  desk(
    '/escalation-policies',
    'escalation-policies',
    ['supervisor', 'ops'],
    () => import('./views/policies/EscalationPolicies.vue'),
  ),
  desk('/open311-clients', 'open311-clients', ['ops'], () => import('./views/ops/Open311Clients.vue')),
  desk('/holiday-schedules', 'holiday-schedules', ['ops'], () => import('./views/ops/HolidaySchedules.vue')),
  // Liaisons' SMS replies to summons texts and what each came to (issue 20 item 5).
  desk('/sms-replies', 'sms-replies', ['ops'], () => import('./views/ops/SmsReplies.vue')),
  { path: '/', name: 'home', redirect: () => HOME[useSession().principal?.role ?? 'supervisor'] },
  { path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach((to) => {
  if (to.meta.public) return true;
  const session = useSession();
  if (!session.signedIn) return { name: 'sign-in', query: { back: to.fullPath } };
  const roles = to.meta.roles as Role[] | undefined;
  if (roles && !roles.includes(session.principal!.role)) return HOME[session.principal!.role];
  return true;
});
