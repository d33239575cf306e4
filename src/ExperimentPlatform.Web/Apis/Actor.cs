namespace ExperimentPlatform.Web.Apis;

/// <summary>Who is calling: the identity Azure Container Apps authentication forwards, else X-Actor, else anonymous.</summary>
internal static class Actor
{
    public static string Of(HttpContext context)
    {
        foreach (var header in new[] { "X-MS-CLIENT-PRINCIPAL-NAME", "X-Actor" })
        {
            var value = context.Request.Headers[header].ToString().Trim();
            if (value.Length > 0)
                return value;
        }
        return "anonymous";
    }
}
