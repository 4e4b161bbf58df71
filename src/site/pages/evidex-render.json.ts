// The build's render manifest (see lib/routes.ts): every render unit's folder and key, and which of them
// this build rendered. `evidex build` reads it to keep the other folders from the previous build, stores
// the keys in its stamp, and removes this file: it is never part of the site.
import { renderManifest } from '../lib/routes.ts';

export const GET = (): Response =>
  new Response(JSON.stringify(renderManifest()), { headers: { 'content-type': 'application/json' } });
