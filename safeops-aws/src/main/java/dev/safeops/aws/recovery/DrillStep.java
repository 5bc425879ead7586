package dev.safeops.aws.recovery;

/** The steps of a {@link RestoreDrill} run, in order; a failed run names the one that failed. */
public enum DrillStep { FIND_BACKUP, RESTORE, WAIT, CHECK, STOP, CLEANUP }
