namespace ExperimentPlatform.Web.Apis;

/// <summary>Who is calling: the authenticated caller's name (see <c>Identity/</c>; every API endpoint requires one).</summary>
internal static class Actor
{
    public static string Of(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? name
            : throw new InvalidOperationException("an API endpoint ran without an authenticated caller");
}
