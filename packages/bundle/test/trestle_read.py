"""Reads an OSCAL assessment-results file with compliance-trestle's pydantic models (a second,
independent validator beside ajv and NIST's JSON schema) and prints what it found as JSON."""
import json
import pathlib
import sys

from trestle.oscal.assessment_results import AssessmentResults

results = AssessmentResults.oscal_read(pathlib.Path(sys.argv[1]))
first = results.results[0]
print(json.dumps({
    "oscal_version": results.metadata.model_dump(mode="json", by_alias=True)["oscal-version"],
    "observations": len(first.observations or []),
    "findings": len(first.findings or []),
}))
