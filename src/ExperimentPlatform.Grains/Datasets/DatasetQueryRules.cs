using ExperimentPlatform.Datasets;

namespace ExperimentPlatform.Grains.Datasets;

/// <summary>What a dataset listing checks, keeps and orders.</summary>
public static class DatasetQueryRules
{
    public static DatasetPage Apply(IEnumerable<DatasetSummary> datasets, DatasetQuery q)
    {
        if (q.PageSize is < 1 or > DatasetQuery.MaxPageSize)
            throw new DatasetInputException($"pageSize must lie in 1..{DatasetQuery.MaxPageSize}, not {q.PageSize}");
        if (q.Page < 0)
            throw new DatasetInputException($"page must be 0 or more, not {q.Page}");
        if (!DatasetQuery.Sorts.Contains(q.Sort))
            throw new DatasetInputException($"sort '{q.Sort}' is not one of {string.Join(", ", DatasetQuery.Sorts)}");
        var search = string.IsNullOrWhiteSpace(q.Search) ? null : q.Search.Trim();
        var matching = datasets.Where(d => (q.Kind is null || d.Kind == q.Kind)
            && (search is null || d.Name.Contains(search, StringComparison.OrdinalIgnoreCase) || d.Latest.Description.Contains(search, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        IOrderedEnumerable<DatasetSummary> sorted = q.Sort switch
        {
            "created" => matching.OrderByDescending(d => d.Latest.CreatedAt),
            "records" => matching.OrderByDescending(d => d.Latest.Statistics.Documents),
            "tokens" => matching.OrderByDescending(d => d.Latest.Statistics.Gpt2Tokens ?? -1),
            _ => matching.OrderBy(d => d.Name, StringComparer.Ordinal),
        };
        var ordered = sorted.ThenBy(d => d.Name, StringComparer.Ordinal).AsEnumerable();
        if (q.Reverse)
            ordered = ordered.Reverse();
        return new DatasetPage([.. ordered.Skip(q.Page * q.PageSize).Take(q.PageSize)], matching.Count, q.Page, q.PageSize);
    }
}
