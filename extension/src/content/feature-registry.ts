// Declarative registration of injected features (docs/, after refined-github): each feature file
// calls `register(...)`, and the content script's entry runs those whose `include` matches the URL.

export interface Feature {
  /** Unique, for logs and the convention test: the feature file's name. */
  id: string;
  /** The feature runs when any of these match the page URL. */
  include: ReadonlyArray<(url: URL) => boolean>;
  init: (signal: AbortSignal) => Promise<void> | void;
}

const features: Feature[] = [];

export function register(feature: Feature): void {
  if (features.some((existing) => existing.id === feature.id)) {
    throw new Error(`Feature registered twice: ${feature.id}`);
  }
  features.push(feature);
}

export function registeredFeatures(): readonly Feature[] {
  return features;
}

/** Runs every feature that applies to `url`; one failing feature does not stop the others. */
export async function runFeatures(url: URL, signal: AbortSignal): Promise<void> {
  const applicable = features.filter((feature) => feature.include.some((matches) => matches(url)));
  await Promise.all(
    applicable.map(async (feature) => {
      try {
        await feature.init(signal);
      } catch (error) {
        console.error(`portatour user administration: feature ${feature.id} failed`, error);
      }
    }),
  );
}
