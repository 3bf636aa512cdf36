export {
  FaultPlan,
  matchesRequest,
  type FaultRule,
  type FaultSpec,
  type RequestInfo,
  type RequestMatcher,
} from './plan.ts';
export { faultAdmin, type AdminReply } from './admin.ts';
