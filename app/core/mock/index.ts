/** Mock exams: assembly, timing and scoring (docs/mock-exams.md). */
export {
  assembleMock,
  DIFFICULTY_TARGET,
  domainQuotas,
  mockMinutes,
  planMock,
  type AssembledMock,
  type AssembleOptions,
  type AssembleResult,
  type MockBankItem,
  type MockExamShape,
  type MockPlan,
  type MockQuestionPlan,
  type MockRequest,
  type PlanFailure,
  type PlanResult,
  type Shortfall,
} from "./assemble";
export {
  canSaveAnswer,
  mockDeadline,
  mockStatus,
  remainingMs,
  submissionTime,
  type MockStatus,
  type MockTiming,
  type SaveCheck,
} from "./deadline";
export {
  ESTIMATE_PASS_SHARE,
  estimateScore,
  scoreMock,
  type DomainChange,
  type DomainResult,
  type MockResult,
  type ScoredAnswer,
} from "./score";
