// Content discovery and form filling shared by the end-to-end specs.

/** A tutorial that leads to a service, and that service's form. */
export async function tutorialWithService(request) {
  const tutorials = await (await request.get('/api/v1/tutorials', { headers: { 'Accept-Language': 'zh-Hans' } })).json();
  const tutorial = tutorials.find((t) => t.service_code);
  const service = await (await request.get(`/api/v1/services/${tutorial.service_code}`, { headers: { 'Accept-Language': 'zh-Hans' } })).json();
  return { tutorial, service };
}

/** Files a valid request through the API, as another device would; returns its receipt.
 * `contacts` gives the answers of the form's contact fields by role (`name`, `phone`);
 * `serviceCode` picks the service (else that of the first tutorial with one); `extra` adds
 * members to the submission, such as an `agent`. */
export async function fileRequest(request, contacts = {}, serviceCode = null, extra = {}) {
  const service = serviceCode
    ? await (await request.get(`/api/v1/services/${serviceCode}`, { headers: { 'Accept-Language': 'zh-Hans' } })).json()
    : (await tutorialWithService(request)).service;
  const answers = {};
  for (const field of service.fields.filter((f) => f.required)) {
    if (field.datatype === 'singlevaluelist') answers[field.code] = field.values[0].key;
    else if (field.datatype === 'multivaluelist') answers[field.code] = [field.values[0].key];
    else if (field.datatype === 'boolean') answers[field.code] = true;
    else if (field.datatype === 'number') answers[field.code] = field.min ?? 1;
    else answers[field.code] = sampleText(field) ?? examplePattern(field.pattern);
  }
  for (const field of service.fields.filter((f) => contacts[f.contact])) answers[field.code] = contacts[field.contact];
  const created = await request.post('/api/v1/requests', {
    headers: { 'Idempotency-Key': `e2e-${Date.now()}-${Math.random()}` },
    data: { service_code: service.service_code, answers, ...extra },
  });
  if (created.status() !== 201) throw new Error(`filing failed: ${created.status()} ${await created.text()}`);
  return created.json();
}

/** An answer a citizen would type for a required field. */
export function sampleText(field) {
  switch (field.datatype) {
    case 'number': return String(field.min ?? 1);
    case 'date': return '2026-03-15';
    case 'datetime': return '2026-03-16T09:30';
    case 'phone': return '13812345678';
    case 'email': return 'li.hua@example.cn';
    case 'id_number': return '11010519491231002X';
    default: {
      if (field.pattern) return null;
      let text = field.datatype === 'text' ? '材料已备齐，希望尽快办理。' : '李华';
      while (text.length < (field.min_length ?? 0)) text += '办';
      return text.slice(0, field.max_length ?? 200);
    }
  }
}

/** Fills every required field of `service` on the apply page. */
export async function fillRequired(page, service) {
  for (const field of service.fields.filter((f) => f.required)) {
    const input = page.locator(`#field-${field.code}`);
    if (field.datatype === 'singlevaluelist' || field.datatype === 'multivaluelist' || field.datatype === 'boolean') {
      await input.check();
    } else {
      await input.fill(sampleText(field) ?? examplePattern(field.pattern));
    }
  }
}

/** The shortest string matching a pattern of the contract's subset (first char of each atom). */
export function examplePattern(pattern) {
  let out = '';
  const re = /(\\[dw]|\\.|\[[^\]]+\]|.)(\{(\d+)(?:,\d*)?\}|[?*+])?/gu;
  for (const [, atom, quantifier, min] of pattern.matchAll(re)) {
    const count = min !== undefined ? Number(min) : quantifier === '?' || quantifier === '*' ? 0 : 1;
    let ch = atom;
    if (atom === '\\d') ch = '0';
    else if (atom === '\\w') ch = 'A';
    else if (atom.startsWith('[')) ch = [...atom.slice(1)][0] === '^' ? 'A' : [...atom.slice(1)][0];
    else if (atom.startsWith('\\')) ch = atom.slice(1);
    out += ch.repeat(count);
  }
  return out;
}

/** Signs in on the staff pages and waits for the inbox. */
export async function signIn(page, name, password) {
  await page.goto('/staff');
  await page.getByLabel('账号名').fill(name);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '待办件' }).waitFor();
}
