namespace ExperimentPlatform.Web.Apis;

/// <summary>The body of <c>POST /api/models/{name}/promotions</c>: move <see cref="Alias"/> to version <see cref="Version"/>.</summary>
public sealed record PromotionAsk(string Alias, int Version, string? Reason);
