// The shapes of GET /api/v1/metrics/* (docs/api.md, src/http/routes/delivery-routes.ts).

export type DoraLevel = 'elite' | 'high' | 'medium' | 'low';

interface MetricBase {
  level: DoraLevel | null;
  label: string;
  reason?: string;
}

export interface SlaBreach {
  prId: string;
  project: string;
  kind: 'firstReview' | 'approval';
  businessMinutes: number;
  url: string | null;
}

export interface DeliveryMetrics {
  from: string;
  to: string;
  report: '2023' | '2021';
  projects: string[] | null;
  team: string | null;
  warnings: string[];
  deploymentFrequency: MetricBase & { deployments: number; deployDays: number; medianDeployDaysPerWeek: number; medianDeployDaysPerMonth: number };
  leadTimeForChanges: MetricBase & { medianMinutes: number | null; changes: number };
  changeFailureRate: MetricBase & { value: number | null; failedDeployments: number; deployments: number };
  recoveryTime: MetricBase & { kind: 'failedDeploymentRecoveryTime' | 'timeToRestoreService'; medianMinutes: number | null; incidents: number };
  prCycleTime: {
    prs: number;
    medianMinutes: number | null;
    codingMinutes: number | null;
    pickupMinutes: number | null;
    reviewMinutes: number | null;
    deployMinutes: number | null;
    medianPrSize?: number | null;
  };
  reviewSla: { firstReviewOver4h: number; approvalOver24h: number; businessHours: true; breaches: SlaBreach[] };
  records: RecordFlow | null;
}

export interface RecordFlow {
  workInProgress: { person: string; items: number; keys: string[] }[];
  staleInProgress: { key: string; title: string; assignee: string | null; daysSinceUpdate: number }[];
  blocked: { key: string; title?: string; ageDays: number; blockedBy: string | null; escalation: string | null }[];
}

export interface DeliveryWeek {
  weekStart: string;
  deployments: number;
  deployDays: number;
  leadTimeMinutes: number | null;
  changeFailureRate: number | null;
  recoveryMinutes: number | null;
  mergedPrs: number;
  codingMinutes: number | null;
  pickupMinutes: number | null;
  reviewMinutes: number | null;
  deployMinutes: number | null;
  firstReviewSlaBreaches: number;
  approvalSlaBreaches: number;
}

export interface WeeklyDelivery {
  from: string;
  to: string;
  weeks: DeliveryWeek[];
}

export interface DeliveryFilters {
  projects: string[];
  teams: string[];
  services: string[];
}

export interface PrStages {
  prId: string;
  project: string;
  repo: string;
  prCreatedAt: string;
  prMergedAt: string;
  prDeployedAt: string | null;
  codingMinutes: number | null;
  pickupMinutes: number | null;
  reviewMinutes: number | null;
  deployMinutes: number | null;
  cycleMinutes: number;
  size: number | null;
  firstReviewBusinessMinutes: number | null;
  approvalBusinessMinutes: number | null;
  deploymentPartId: string | null;
}

export interface PullRequestDetail {
  pullRequest: {
    id: string;
    project?: string;
    repo: string;
    number?: number | null;
    title?: string | null;
    author?: string | null;
    createdAt: string;
    mergedAt?: string | null;
    additions?: number | null;
    deletions?: number | null;
    commits?: { sha: string; authoredAt?: string | null }[];
    reviews?: { id: string; author?: string | null; state: string; submittedAt: string }[];
  };
  stages: PrStages | null;
  url: string | null;
}
