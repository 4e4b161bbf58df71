// Provider token formats: credentials whose shape alone says what they are, wherever they stand.
// Formats as the providers document them (prefixes, lengths, alphabets); each pattern starts with a
// literal prefix and repeats only bounded character classes, so it runs in linear time.
// Kinds covered: every provider in secretlint's recommended preset (AWS, GCP, private keys, npm,
// basic auth, Slack, SendGrid, Shopify, GitHub, OpenAI, Anthropic, Linear, 1Password, database
// connection strings) and the ones issue 12 lists, plus other widely used formats.

/** One provider format: `re` is global with indices; the whole match (or group `s`) is the secret. */
export interface ProviderPattern<K extends string = string> {
  kind: K;
  re: RegExp;
  /** A literal the match needs; lines without it skip the pattern. */
  need: RegExp;
}

const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';

function p<K extends string>(kind: K, body: string, need: string, flags = 'dg'): ProviderPattern<K> {
  return { kind, re: new RegExp(body, flags), need: new RegExp(need) };
}

const LIST = [
  p('gitlab-token', `${B}gl(?:pat|dt|rt|ptt|cbt|ft|imt|oas|agent|soat|ffct)-[A-Za-z0-9_-]{20,64}${E}`, 'gl[a-z]{1,5}-'),
  p(
    'slack-webhook',
    `(?<=hooks\\.slack\\.com/(?:services|workflows|triggers)/)(?<s>[A-Za-z0-9_/-]{16,120})`,
    'hooks\\.slack\\.com/',
  ),
  p(
    'stripe-key',
    `${B}(?:whsec_[A-Za-z0-9+/=]{24,80}|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,247})${E}`,
    'whsec_|[sr]k_(?:live|test)_',
  ),
  p('twilio-api-key', `${B}SK[0-9a-f]{32}${E}`, 'SK[0-9a-f]{8}'),
  p('sendgrid-key', `${B}SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64}${E}`, 'SG\\.'),
  p('pypi-token', `${B}pypi-AgE[A-Za-z0-9_-]{50,400}${E}`, 'pypi-AgE'),
  p('docker-hub-token', `${B}dckr_(?:pat|oat)_[A-Za-z0-9_-]{20,64}${E}`, 'dckr_(?:pat|oat)_'),
  p(
    'telegram-bot-token',
    `(?<![A-Za-z0-9_:-])(?:bot)?(?<s>\\d{6,12}:AA[A-Za-z0-9_-]{30,40})${E}`,
    ':AA[A-Za-z0-9_-]{8}',
  ),
  p(
    'discord-webhook',
    `(?<=discord(?:app)?\\.com/api/webhooks/\\d{5,25}/)(?<s>[A-Za-z0-9_-]{30,100})`,
    'discord(?:app)?\\.com/api/webhooks/',
  ),
  p(
    'discord-bot-token',
    `${B}[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}${E}`,
    '\\.[A-Za-z0-9_-]{6}\\.',
  ),
  p('sentry-dsn', `(?<=https?://)(?<s>[0-9a-f]{32})(?=(?::[0-9a-f]{32})?@)`, '://[0-9a-f]{32}'),
  p('sentry-token', `${B}(?:sntrys_eyJ[A-Za-z0-9+/=_-]{40,400}|sntryu_[0-9a-f]{64})${E}`, 'sntry[su]_'),
  p('vault-token', `${B}hv[sbr]\\.[A-Za-z0-9_-]{24,400}${E}`, 'hv[sbr]\\.'),
  p('huggingface-token', `${B}hf_[A-Za-z0-9]{30,40}${E}`, 'hf_'),
  p('shopify-token', `${B}shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${E}`, 'shp(?:at|ca|pa|ss)_'),
  p('age-secret-key', `${B}AGE-SECRET-KEY-1[0-9A-Z]{58}${E}`, 'AGE-SECRET-KEY-1'),
  p('linear-api-key', `${B}lin_(?:api|oauth)_[A-Za-z0-9]{40}${E}`, 'lin_(?:api|oauth)_'),
  p('1password-token', `${B}ops_eyJ[A-Za-z0-9+/=_-]{40,2000}${E}`, 'ops_eyJ'),
  p(
    '1password-secret-key',
    `${B}A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}${E}`,
    'A3-',
  ),
  p('google-oauth-token', `${B}ya29\\.[A-Za-z0-9_-]{20,2000}${E}`, 'ya29\\.'),
  p('google-oauth-secret', `${B}GOCSPX-[A-Za-z0-9_-]{28}${E}`, 'GOCSPX-'),
  p('digitalocean-token', `${B}do[opr]_v1_[a-f0-9]{64}${E}`, 'do[opr]_v1_'),
  p('mailgun-key', `${B}key-[0-9a-f]{32}${E}`, 'key-[0-9a-f]{8}'),
  p('mailchimp-key', `${B}[0-9a-f]{32}-us\\d{1,2}${E}`, '-us\\d'),
  p(
    'square-token',
    `${B}(?:sq0atp-[A-Za-z0-9_-]{22}|sq0csp-[A-Za-z0-9_-]{43}|EAAA[A-Za-z0-9_-]{60})${E}`,
    'sq0atp-|sq0csp-|EAAA',
  ),
  p('planetscale-token', `${B}pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}${E}`, 'pscale_'),
  p(
    'doppler-token',
    `${B}dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}${E}`,
    'dp\\.(?:pt|st|sa|ct|scim|audit)\\.',
  ),
  p('grafana-token', `${B}(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2})${E}`, 'gl(?:sa|c)_'),
  p('newrelic-key', `${B}NR(?:AK|AA|II|JS)-[A-Za-z0-9]{19,32}${E}`, 'NR(?:AK|AA|II|JS)-'),
  p('atlassian-token', `${B}ATATT3[A-Za-z0-9_=-]{100,300}${E}`, 'ATATT3'),
  p('postman-key', `${B}PMAK-[a-f0-9]{24}-[a-f0-9]{34}${E}`, 'PMAK-'),
  p('pulumi-token', `${B}pul-[a-f0-9]{40}${E}`, 'pul-'),
  p('terraform-token', `${B}[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,90}${E}`, '\\.atlasv1\\.'),
  p('databricks-token', `${B}dapi[a-f0-9]{32}(?:-\\d)?${E}`, 'dapi'),
  p('flyio-token', `${B}(?:fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/=_-]{60,800})${E}`, 'fo1_|fm[12][ar]?_'),
  p('supabase-token', `${B}sb(?:p|_secret)_[A-Za-z0-9_-]{32,64}${E}`, 'sb(?:p|_secret)_'),
  p('netlify-token', `${B}nf[pc]_[A-Za-z0-9]{36,40}${E}`, 'nf[pc]_'),
  p('replicate-token', `${B}r8_[A-Za-z0-9]{37}${E}`, 'r8_'),
  p('groq-key', `${B}gsk_[A-Za-z0-9]{48,56}${E}`, 'gsk_'),
  p('xai-key', `${B}xai-[A-Za-z0-9]{70,90}${E}`, 'xai-'),
  p('perplexity-key', `${B}pplx-[A-Za-z0-9]{40,56}${E}`, 'pplx-'),
  p('notion-token', `${B}(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,50})${E}`, 'secret_|ntn_'),
  p('airtable-token', `${B}pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}${E}`, 'pat[A-Za-z0-9]{14}\\.'),
  p('figma-token', `${B}fig[dou]_[A-Za-z0-9_-]{38,48}${E}`, 'fig[dou]_'),
  p('tailscale-key', `${B}tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9_-]{10,80}${E}`, 'tskey-'),
  p('buildkite-token', `${B}bkua_[a-f0-9]{40}${E}`, 'bkua_'),
  p('circleci-token', `${B}CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}${E}`, 'CCIPAT_'),
  p('mapbox-token', `${B}sk\\.eyJ[A-Za-z0-9_-]{20,200}\\.[A-Za-z0-9_-]{20,60}${E}`, 'sk\\.eyJ'),
  p('rubygems-key', `${B}rubygems_[a-f0-9]{48}${E}`, 'rubygems_'),
  p('nuget-key', `${B}oy2[a-z0-9]{43}${E}`, 'oy2'),
  p('alibaba-access-key', `${B}LTAI[A-Za-z0-9]{12,20}${E}`, 'LTAI'),
  p('tencent-secret-id', `${B}AKID[A-Za-z0-9]{32}${E}`, 'AKID'),
  p('contentful-token', `${B}CFPAT-[A-Za-z0-9_-]{43}${E}`, 'CFPAT-'),
  p('prefect-key', `${B}pnu_[A-Za-z0-9]{36}${E}`, 'pnu_'),
  p('typeform-token', `${B}tfp_[A-Za-z0-9_.=-]{40,64}${E}`, 'tfp_'),
  p('azure-storage-key', `(?<=AccountKey=)(?<s>[A-Za-z0-9+/]{40,100}={0,2})`, 'AccountKey='),
  p('azure-sas-key', `(?<=SharedAccessKey=)(?<s>[A-Za-z0-9+/]{20,100}={0,2})`, 'SharedAccessKey='),
  p(
    'aws-session-token',
    `${B}(?:FwoGZXIvYXdzE|IQoJb3JpZ2luX2Vj)[A-Za-z0-9+/=]{40,2000}`,
    'FwoGZXIvYXdzE|IQoJb3JpZ2luX2Vj',
  ),
  p('heroku-key', `${B}HRKU-AA[A-Za-z0-9_-]{58}${E}`, 'HRKU-'),
  p('twitch-token', `${B}oauth:[a-z0-9]{30}${E}`, 'oauth:'),
  p('clojars-token', `${B}CLOJARS_[a-z0-9]{60}${E}`, 'CLOJARS_'),
  p('scalingo-token', `${B}tk-us-[A-Za-z0-9_-]{48}${E}`, 'tk-us-'),
  p('dynatrace-token', `${B}dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}${E}`, 'dt0c01\\.'),
] as const;

/** Kinds of provider tokens, as they appear in `[REDACTED:<kind>:<fp>]`. */
export type ProviderKind = (typeof LIST)[number]['kind'];

/** Every provider format, in the order they are applied. */
export const PROVIDER_PATTERNS: readonly ProviderPattern<ProviderKind>[] = LIST;
