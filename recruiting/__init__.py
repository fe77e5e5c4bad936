"""Jobs, stages, candidates, applications, assessments, rules, interviews and offers."""
