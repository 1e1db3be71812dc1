namespace Agentsgt.Api.Requests;

public sealed class ValidationDetailNames(IReadOnlyDictionary<string, string> names)
{
    public IReadOnlyDictionary<string, string[]> Rename(IReadOnlyDictionary<string, string[]> details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var renamed = new Dictionary<string, string[]>(details.Count, StringComparer.Ordinal);
        foreach (var (key, problems) in details)
        {
            renamed[Rename(key)] = problems;
        }

        return renamed;
    }

    public string Rename(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var wire = new StringBuilder(path.Length + 16);
        var shape = string.Empty;
        var position = 0;
        while (position < path.Length)
        {
            var end = path.IndexOfAny(['.', '['], position);
            end = end < 0 ? path.Length : end;
            shape = shape.Length == 0 ? path[position..end] : $"{shape}.{path[position..end]}";
            var isList = names.TryGetValue(shape + "[]", out var name);
            if (!isList && !names.TryGetValue(shape, out name))
            {
                return wire.Append(path, position, path.Length - position).ToString();
            }

            wire.Append(name);
            position = end;
            if (isList && position < path.Length && path[position] == '[')
            {
                var close = path.IndexOf(']', position);
                wire.Append(path, position, close - position + 1);
                position = close + 1;
            }

            if (position < path.Length && path[position] == '[' && path[^1] == ']')
            {
                // The client's own name, last in the path (it may hold any character).
                return wire.Append('.').Append(path, position + 1, path.Length - position - 2).ToString();
            }

            if (position < path.Length && path[position] == '.')
            {
                wire.Append('.');
                position++;
            }
        }

        return wire.ToString();
    }
}
