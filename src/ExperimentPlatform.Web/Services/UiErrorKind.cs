namespace ExperimentPlatform.Web.Services;

public enum UiErrorKind
{
    /// <summary>The cluster did not take the call (no gateway, a silo gone).</summary>
    Unreachable,

    /// <summary>The platform did not answer in time.</summary>
    Timeout,

    /// <summary>The signed-in user's roles do not allow it.</summary>
    Forbidden,

    NotFound,

    /// <summary>The input was refused (a spec, a dataset file, a name).</summary>
    Invalid,

    /// <summary>The state does not allow it now (resume a finished run, a version name taken).</summary>
    Conflict,

    Failed,
}
