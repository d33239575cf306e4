// The platform's own browser helpers (small on purpose: everything else is Blazor and MudBlazor).
window.ep = {
    // Calls dotnet.Visible(width) once, when the element first scrolls into view (or at once if it is in view):
    // compare's charts load their data only then, sized to the width they get.
    observeVisible(element, dotnet) {
        if (!element) return;
        const observer = new IntersectionObserver(entries => {
            for (const entry of entries) {
                if (entry.isIntersecting) {
                    observer.disconnect();
                    dotnet.invokeMethodAsync('Visible', Math.round(element.clientWidth || 800));
                }
            }
        }, { rootMargin: '200px' });
        observer.observe(element);
        element._epObserver = observer;
    },
    // Starts loading Plotly (the basic bundle, as Plotly.Blazor loads it) while a chart page fetches its data, instead of
    // when its first chart renders: the same module instance (the import map resolves both imports alike), so
    // Plotly.Blazor finds the script loaded and ready. Parsing the bundle costs a few hundred ms on a slow machine.
    preloadPlotly() {
        if (window.__epPlotly) return;
        window.__epPlotly = import('./_content/Plotly.Blazor/plotly-interop-7.2.0.js')
            .then(m => m.importScript('plotly-import', './_content/Plotly.Blazor/plotly-basic-3.7.0.min.js'))
            .catch(() => { window.__epPlotly = null; }); // the chart loads it itself then
    },
    forget(element) {
        if (element && element._epObserver) element._epObserver.disconnect();
    },
};
