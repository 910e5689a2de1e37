namespace Retour.Web.Workers;

/// <summary>
/// Finds the handlers of one event type without building every handler. Resolving <c>IEnumerable&lt;IOutboxHandler&gt;</c>
/// in a message's scope builds all of them (one per email kind, per stock event, the refund's…, most through
/// <c>ActivatorUtilities.CreateInstance</c>, which matches constructors by reflection on every call) to run the one or
/// two whose <see cref="IOutboxHandler.EventType"/> matches. This catalogue reads the handlers' registrations once,
/// learns each one's event type, and then builds in a message's scope only the handlers of that message's type.
/// </summary>
/// <remarks>
/// It falls back to resolving them all, as before, whenever it cannot be sure to build exactly what the container
/// would: a registration it does not understand (keyed, singleton, an instance), a handler that must be disposed by its
/// scope, or registrations that do not match what the container resolves one for one, in order.
/// </remarks>
public sealed class OutboxHandlers(IServiceCollection registrations)
{
    private readonly Lock _lock = new();
    private Catalogue? _catalogue;

    /// <summary>Every event type some handler handles.</summary>
    public IReadOnlySet<string> Types(IServiceScopeFactory scopes) => Load(scopes).Types;

    /// <summary>The handlers of <paramref name="type"/>, built in <paramref name="scope"/>, in registration order.</summary>
    public IEnumerable<IOutboxHandler> For(IServiceProvider scope, IServiceScopeFactory scopes, string type)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var catalogue = Load(scopes);
        if (catalogue.Factories is null)
        {
            return scope.GetServices<IOutboxHandler>().Where(h => h.EventType == type);
        }

        if (!catalogue.Factories.TryGetValue(type, out var factories))
        {
            return [];
        }

        var handlers = new IOutboxHandler[factories.Length];
        for (var i = 0; i < factories.Length; i++)
        {
            handlers[i] = factories[i](scope);
        }

        return handlers;
    }

    private Catalogue Load(IServiceScopeFactory scopes)
    {
        if (_catalogue is { } loaded)
        {
            return loaded;
        }

        lock (_lock)
        {
            return _catalogue ??= Build(scopes);
        }
    }

    private Catalogue Build(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        var resolved = scope.ServiceProvider.GetServices<IOutboxHandler>().ToList();
        var types = resolved.Select(h => h.EventType).ToHashSet(StringComparer.Ordinal);
        var descriptors = registrations.Where(d => d.ServiceType == typeof(IOutboxHandler)).ToList();
        if (descriptors.Count != resolved.Count || resolved.Any(h => h is IDisposable or IAsyncDisposable))
        {
            return new(types, null);
        }

        var byType = new Dictionary<string, List<Func<IServiceProvider, IOutboxHandler>>>(StringComparer.Ordinal);
        for (var i = 0; i < descriptors.Count; i++)
        {
            if (Factory(descriptors[i]) is not { } factory)
            {
                return new(types, null);
            }

            // The factory must build what the container built, in the same place of the list.
            var probe = factory(scope.ServiceProvider);
            if (probe.GetType() != resolved[i].GetType() || probe.EventType != resolved[i].EventType)
            {
                return new(types, null);
            }

            if (!byType.TryGetValue(probe.EventType, out var list))
            {
                byType[probe.EventType] = list = [];
            }

            list.Add(factory);
        }

        return new(types, byType.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
    }

    private static Func<IServiceProvider, IOutboxHandler>? Factory(ServiceDescriptor descriptor)
    {
        if (descriptor.IsKeyedService || descriptor.Lifetime == ServiceLifetime.Singleton)
        {
            return null;
        }

        if (descriptor.ImplementationFactory is { } factory)
        {
            return sp => (IOutboxHandler)factory(sp);
        }

        if (descriptor.ImplementationType is { } type)
        {
            // Compiled once: the constructor is matched here, not on every message.
            var create = ActivatorUtilities.CreateFactory(type, []);
            return sp => (IOutboxHandler)create(sp, null);
        }

        return null;
    }

    private sealed record Catalogue(IReadOnlySet<string> Types, Dictionary<string, Func<IServiceProvider, IOutboxHandler>[]>? Factories);
}
