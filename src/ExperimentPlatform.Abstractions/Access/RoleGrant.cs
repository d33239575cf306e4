namespace ExperimentPlatform.Access;

/// <summary>The roles an actor holds, where they come from (<c>configuration</c>, <c>store</c> or <c>default</c>), and who granted them.</summary>
[GenerateSerializer, Immutable, Alias("ep.RoleGrant")]
public sealed record RoleGrant
{
    [Id(0)] public required string Actor { get; init; }
    [Id(1)] public required IReadOnlyList<PlatformRole> Roles { get; init; }
    [Id(2)] public required string Source { get; init; }
    [Id(3)] public string? GrantedBy { get; init; }
    [Id(4)] public DateTimeOffset? GrantedAt { get; init; }

    /// <summary>Whether these roles allow <paramref name="role"/>: Admin allows everything.</summary>
    public bool Allows(PlatformRole role) => Roles.Contains(PlatformRole.Admin) || Roles.Contains(role);
}
