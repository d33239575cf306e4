namespace ExperimentPlatform.Access;

/// <summary>What an actor may do. Roles are a set; <see cref="Admin"/> may do everything.</summary>
public enum PlatformRole
{
    /// <summary>Reads everything, changes nothing.</summary>
    Viewer = 0,

    /// <summary>Launches, pauses, resumes and cancels runs; uploads datasets; registers versions; requests promotions.</summary>
    Researcher = 1,

    /// <summary>Approves or rejects promotions to protected aliases, rolls them back, sets promotion policies.</summary>
    Approver = 2,

    /// <summary>Everything, also importing from server paths and granting roles.</summary>
    Admin = 3,
}
