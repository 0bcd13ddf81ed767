// Evidence of the scheduled-harvest test: a local folder's files, by path, with the kind each maps to.

/** Evidence files in the front-matter style of examples/workspace/evidence. */
export const FILES: Record<string, { kind: string; text: string }> = {
  'policies/ai-policy.md': {
    kind: 'policy.document',
    text: `---

kind: policy
title: Kestrel Freight AI Policy
owner: head-of-ai-governance@kestrel-freight.example
effectiveDate: 2026-03-02
policyType: ai-policy
approved: true
approvedBy: Board of Directors
aiSystems: [claims-triage]
---

# Kestrel Freight AI Policy

Every AI system has a named owner, an impact assessment and a human fallback.
`,
  },
  'procedures/incident-response.md': {
    kind: 'procedure.document',
    text: `---

kind: procedure
title: AI Incident Response Procedure
owner: ciso@kestrel-freight.example
effectiveDate: 2026-02-18
procedureType: incident-response
approved: true
aiSystems: [claims-triage]
---

# AI Incident Response Procedure

Report an AI incident to the on-call engineer within one hour.
`,
  },
  'records/training-log-2026.md': {
    kind: 'record.document',
    text: `---

kind: record
title: AI Training Log 2026
owner: people-team@kestrel-freight.example
effectiveDate: 2026-09-30
docType: training-record
---

# AI Training Log 2026

42 of 42 claims handlers completed "Using claims triage responsibly".
`,
  },
};
