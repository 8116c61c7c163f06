"""One screen per module. Screens stay thin: rules in caseterm.core, data in caseterm.db."""
