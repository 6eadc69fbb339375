/**
 * Follows references between elements: a notification's `smn_topic` to the
 * topic resource, a tracker's `bucket_name` to the bucket, a cdktf
 * cross-stack reference to the producing stack's output. Pure: built from a
 * model, answers questions about it.
 */
import {
  Bucket,
  BucketAcl,
  BucketPolicy,
  EXPORT_ADDRESS,
  Element,
  Key,
  Model,
  REGION_NAME,
  SubscriptionChange,
  Topic,
  TopicSubscription,
  Value,
  known,
  unknown,
} from '../model';

/** What a notification's or subscription's topic resolves to. */
export type TopicResolution =
  | { readonly kind: 'topic'; readonly topic: Topic; readonly key: string }
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

const SMN_URN = /^urn:smn:([^:]+):([^:]*):(.+)$/;

export class Resolver {
  private readonly byAddress = new Map<string, Element>();
  private readonly topicsByUrn = new Map<string, Topic>();
  private readonly liveTopicsByUrn = new Map<string, Topic>();
  private readonly topicsByName = new Map<string, Topic[]>();
  private readonly bucketsByName = new Map<string, Bucket[]>();
  private readonly keysById = new Map<string, Key>();
  private subscriptionsByTopic?: Map<string, TopicSubscription[]>;
  private undecidedSubscriptions: Array<{ address: string; reason: string; live: boolean }> = [];

  public constructor(private readonly model: Model) {
    // The first of several copies is the one indexed: sort so that it never depends on input order.
    const elements = [...model.elements].sort(byLocation);
    for (const e of elements) {
      this.byAddress.set(key(e.scope, e.address), e);
      if (e.type === 'topic') {
        if (e.urn.kind === 'known') {
          if (!this.topicsByUrn.has(e.urn.value)) this.topicsByUrn.set(e.urn.value, e);
          if (e.input === 'live' && !this.liveTopicsByUrn.has(e.urn.value)) this.liveTopicsByUrn.set(e.urn.value, e);
        } else {
          // Only topics whose URN is unknown (configuration) are found by region and name:
          // a URN carries the project, so a deployed topic of another project is another topic.
          const name = topicName(e);
          if (name) this.topicsByName.set(name, [...(this.topicsByName.get(name) ?? []), e]);
        }
      }
      if (e.type === 'bucket' && e.name.kind === 'known') {
        this.bucketsByName.set(e.name.value, [...(this.bucketsByName.get(e.name.value) ?? []), e]);
      }
      if (e.type === 'key' && e.id.kind === 'known' && !this.keysById.has(e.id.value)) this.keysById.set(e.id.value, e);
    }
  }

  /**
   * The element at an address in a scope. An instance (`x[0]`, `x["a"]`)
   * that was not expanded is the element that stands for the instances
   * (`x[*]`), or the one whose count cannot be evaluated (`x`, which may
   * not exist).
   */
  public element(scope: string, address: string): Element | undefined {
    const exact = this.byAddress.get(key(scope, address));
    if (exact) return exact;
    const base = /^(.*)\[(?:\d+|"[^"]*")\]$/s.exec(address)?.[1];
    if (base === undefined) return undefined;
    const standing = this.byAddress.get(key(scope, `${base}[*]`));
    if (standing) return standing;
    const maybe = this.byAddress.get(key(scope, base));
    return maybe?.mayNotExist ? maybe : undefined;
  }

  /**
   * An element's region, followed and checked: a known region is a region
   * name, never null, a number or a 10 MB string from a damaged input.
   */
  public region(e: Element): Value<string> {
    const r = this.value(e.region, e.scope);
    if (r.kind !== 'known') return r;
    const value: unknown = r.value;
    if (typeof value === 'string' && REGION_NAME.test(value)) return r;
    const got =
      typeof value === 'string'
        ? value.length > 64
          ? `a string of ${value.length} characters`
          : JSON.stringify(value)
        : value === null
          ? 'null'
          : typeof value;
    return unknown(`region: expected a region name such as cn-north-4, got ${got}`);
  }

  /**
   * Follows a value's references until it is known or unknown. A reference
   * to a resource the checker models is answered from that element; any
   * other reference is unknown, with the reason.
   */
  public value<T>(v: Value<T>, scope: string, depth = 0): Value<T> {
    if (v.kind !== 'ref') return v;
    if (depth > 20) return unknown(`${v.expression} refers to itself`);
    if (v.address === EXPORT_ADDRESS) {
      const exported = this.model.exports[v.attribute];
      if (!exported) return unknown(`${v.expression} is an output of a stack that is not among the inputs; pass that stack too`);
      return this.value(exported.value as Value<T>, exported.scope, depth + 1);
    }
    const target = this.element(scope, v.address);
    if (!target) {
      return unknown(
        `${v.expression} refers to ${v.address}, which is not in the inputs (or is not a resource the checker reads); it is known only after apply: check a plan or state`,
      );
    }
    const attribute = attributeOf(target, v.attribute);
    if (attribute === undefined) {
      // The resource is in the inputs; the attribute is one the checker does not read (computed, or not the one that names it).
      return unknown(
        `${v.expression} is not a value the checker reads from ${target.address} (it is known only after apply, if at all); check a plan or state`,
      );
    }
    return this.value(attribute as Value<T>, target.scope, depth + 1);
  }

  /** The topic a URN value (or a reference to a topic) designates. */
  public topic(v: Value<string | undefined>, scope: string, depth = 0): TopicResolution {
    if (v.kind === 'ref') {
      if (v.address === EXPORT_ADDRESS) {
        const exported = this.model.exports[v.attribute];
        if (!exported) {
          return { kind: 'unknown', reason: `${v.expression} is an output of a stack that is not among the inputs; pass that stack too` };
        }
        return depth > 20
          ? { kind: 'unknown', reason: `${v.expression} refers to itself` }
          : this.topic(exported.value as Value<string>, exported.scope, depth + 1);
      }
      const target = this.element(scope, v.address);
      if (target?.type === 'topic' && namingAttributes(target).includes(v.attribute)) return this.found(target);
      if (target) {
        return this.topic(this.value(v, scope), scope, depth + 1);
      }
      return {
        kind: 'unknown',
        reason: `${v.expression} refers to ${v.address}, which is not in the inputs; pass the configuration, plan or state that defines it`,
      };
    }
    if (v.kind === 'unknown') return { kind: 'unknown', reason: `its topic cannot be determined: ${v.reason}` };
    const urn = v.value;
    if (urn === undefined || urn === '') return { kind: 'none', reason: 'it names no SMN topic (smn_topic is not set)' };
    const parsed = SMN_URN.exec(urn);
    // In a region and project read live, what is deployed decides: a topic deleted there is gone, whatever a
    // state or plan still holds.
    if (parsed && this.readLive(parsed[1], parsed[2])) return this.liveTopic(urn, parsed[1], parsed[2]);
    const byUrn = this.topicsByUrn.get(urn);
    if (byUrn) return this.found(byUrn);
    // A topic of another project, however it is named, is another topic: the URN names the project.
    const byName = parsed
      ? (this.topicsByName.get(`${parsed[1]}\u0000${parsed[3]}`) ?? []).find((t) => t.project === undefined || t.project === parsed[2])
      : undefined;
    if (byName) return this.found(byName);
    // A live input listed every topic of that region and project: a topic not listed does not exist.
    const listing = parsed ? this.model.topicListings?.[`${parsed[1]}\u0000${parsed[2]}`] : undefined;
    if (listing === true) return { kind: 'none', reason: `its topic ${urn} does not exist in project ${parsed?.[2]} of ${parsed?.[1]}` };
    if (typeof listing === 'string') return { kind: 'unknown', reason: `its topic ${urn} cannot be checked: ${listing}` };
    return {
      kind: 'unknown',
      reason: `its topic ${urn} is not defined in any input; pass the configuration, plan or state that defines it`,
    };
  }

  /** Whether a live input read this region and project (a reading without a project covers the region). */
  private readLive(region: string, project: string): boolean {
    return (this.model.readings ?? []).some((r) => r.region === region && (r.project === undefined || r.project === project));
  }

  /** A topic of a place read live: only a live topic counts, and the listing says whether it exists. */
  private liveTopic(urn: string, region: string, project: string): TopicResolution {
    const listing = this.model.topicListings?.[`${region}\u0000${project}`];
    if (typeof listing === 'string') return { kind: 'unknown', reason: `its topic ${urn} cannot be checked: ${listing}` };
    const live = this.liveTopicsByUrn.get(urn);
    if (live) return this.found(live);
    if (listing === true) return { kind: 'none', reason: `its topic ${urn} does not exist in project ${project} of ${region}` };
    return { kind: 'unknown', reason: `its topic ${urn} was not listed when ${region}/${project} was read` };
  }

  /** The subscriptions of a topic, by the topic's identity. */
  public subscriptions(topicKey: string): TopicSubscription[] {
    return this.subscriptionIndex().get(topicKey) ?? [];
  }

  /**
   * Subscriptions whose topic cannot be determined: any topic might have them; for a topic read live, only
   * those read live too.
   */
  public subscriptionsOfUnknownTopic(topic?: Topic): Array<{ address: string; reason: string }> {
    this.subscriptionIndex();
    return this.undecidedSubscriptions.filter((s) => topic?.input !== 'live' || s.live);
  }

  private subscriptionIndex(): Map<string, TopicSubscription[]> {
    if (!this.subscriptionsByTopic) {
      this.subscriptionsByTopic = new Map();
      for (const e of [...this.model.elements].sort(byLocation)) {
        if (e.type !== 'subscription') continue;
        const t = this.topic(e.topic, e.scope);
        // Only a subscription whose topic value cannot be seen might be any topic's. A known URN of a
        // topic in no input is some other topic; an unconfirmed subscription delivers nothing anyway.
        if (t.kind === 'unknown' && e.topic.kind !== 'known' && e.confirmed !== false) {
          this.undecidedSubscriptions.push({ address: e.address, reason: t.reason, live: e.input === 'live' });
        }
        if (t.kind !== 'topic') continue;
        // A deployed topic's subscriptions are the ones read live: a state cannot vouch for one removed since.
        if (t.topic.input === 'live' && e.input !== 'live') continue;
        const list = this.subscriptionsByTopic.get(t.key) ?? [];
        list.push(e);
        this.subscriptionsByTopic.set(t.key, list);
      }
    }
    return this.subscriptionsByTopic;
  }

  /**
   * The buckets a tracker writes to that are among the inputs: the one it
   * references, and every copy of a bucket of that name (OBS bucket names
   * are global), so that every copy is checked.
   */
  public bucket(name: Value<string | undefined>, scope: string): { buckets: Bucket[]; name: Value<string | undefined> } {
    const target = name.kind === 'ref' ? this.element(scope, name.address) : undefined;
    // Only a reference to the bucket's name (or id) designates it: any other of its attributes is some other value.
    const referenced =
      target?.type === 'bucket' && name.kind === 'ref' && namingAttributes(target).includes(name.attribute) ? target : undefined;
    const resolved = referenced?.type === 'bucket' ? referenced.name : this.value(name, scope);
    const byName = resolved.kind === 'known' && resolved.value ? (this.bucketsByName.get(resolved.value) ?? []) : [];
    const buckets = referenced?.type === 'bucket' ? [referenced, ...byName.filter((b) => b !== referenced)] : byName;
    return { buckets, name: resolved };
  }

  /**
   * The policies that apply to a bucket: its own `policy`, and each policy
   * resource for it. A policy resource whose bucket cannot be resolved might
   * be this bucket's: it is listed with `bucket` unknown.
   */
  public policiesOf(
    b: Bucket,
  ): Array<{ element: Bucket | BucketPolicy; policy: Value<string | undefined>; format: Value<string>; bucket: Value<string> }> {
    const own = { element: b, policy: this.value(b.policy, b.scope), format: this.value(b.policyFormat, b.scope), bucket: known('') };
    const name = this.value(b.name, b.scope);
    const others = this.model.elements
      .filter((e): e is BucketPolicy => e.type === 'bucket-policy')
      .sort(byLocation)
      .flatMap((p) => {
        const target = p.bucket.kind === 'ref' ? this.element(p.scope, p.bucket.address) : undefined;
        if (target) return target === b ? [p] : [];
        const resolved = this.value(p.bucket, p.scope);
        if (resolved.kind === 'known' && name.kind === 'known') return resolved.value === name.value ? [p] : [];
        // Either name cannot be seen: the policy might be this bucket's.
        const why =
          resolved.kind !== 'unknown' && name.kind === 'unknown'
            ? unknown(`the name of ${b.address} is unknown: ${name.reason}`)
            : resolved;
        return [{ ...p, bucket: why }];
      })
      .map((p) => {
        const bucket = this.value(p.bucket, p.scope);
        // A reference to this bucket designates it even when its name is known only after apply (a drawn suffix).
        const designated = p.bucket.kind === 'ref' && this.element(p.scope, p.bucket.address) === b;
        return {
          element: p,
          policy: this.value(p.policy, p.scope),
          format: this.value(p.policyFormat, p.scope),
          bucket: designated && bucket.kind === 'unknown' ? known('') : bucket,
        };
      });
    return [own, ...others];
  }

  /**
   * What the inputs do to a subscription besides creating it: cancelled (an
   * unsubscription names it), filtered (a filter policy names it, or the
   * subscription holds filter policies), or maybe so (a change whose
   * subscription cannot be seen might name it). Each says why.
   */
  public changesOf(s: TopicSubscription): { cancelled?: string; mayBeCancelled?: string; filtered?: string; mayBeFiltered?: string } {
    const out: { cancelled?: string; mayBeCancelled?: string; filtered?: string; mayBeFiltered?: string } = {};
    const own = s.filtered ? this.value(s.filtered, s.scope) : known(false);
    if (own.kind === 'known' && own.value) out.filtered = `${s.address} has a filter policy`;
    else if (own.kind !== 'known') {
      out.mayBeFiltered = `whether ${s.address} has a filter policy is unknown: ${own.kind === 'unknown' ? own.reason : own.expression}`;
    }
    for (const c of this.model.elements) {
      if (c.type !== 'unsubscription' && c.type !== 'subscription-filter') continue;
      const names = this.names(c, s);
      if (names === 'no') continue;
      const what = c.type === 'unsubscription' ? 'cancels' : 'filters what is sent to';
      if (names === 'yes') {
        if (c.type === 'unsubscription') out.cancelled ??= `${c.address} ${what} it`;
        else out.filtered ??= `${c.address} ${what} it`;
      } else if (c.type === 'unsubscription') {
        out.mayBeCancelled ??= `${c.address} may cancel it (${names.why})`;
      } else {
        out.mayBeFiltered ??= `${c.address} may filter what is sent to it (${names.why})`;
      }
    }
    return out;
  }

  /** Whether a subscription change names this subscription: by reference, or by URN. */
  private names(c: SubscriptionChange, s: TopicSubscription): 'yes' | 'no' | { why: string } {
    const v = c.subscription;
    if (v.kind === 'ref') {
      const target = this.element(c.scope, v.address);
      if (target?.type === 'subscription' && ['id', 'subscription_urn'].includes(v.attribute)) return target === s ? 'yes' : 'no';
      if (target) return 'no';
    }
    const resolved = this.value(v, c.scope);
    if (resolved.kind !== 'known') {
      return { why: `its subscription_urn cannot be seen: ${resolved.kind === 'unknown' ? resolved.reason : resolved.expression}` };
    }
    const urn = s.urn ? this.value(s.urn, s.scope) : undefined;
    if (urn?.kind === 'known') return urn.value === resolved.value ? 'yes' : 'no';
    // A subscription URN is its topic's URN and an id: one whose own URN is not known yet may be the one named.
    const topic = this.value(s.topic, s.scope);
    const topicOfUrn = resolved.value.slice(0, resolved.value.lastIndexOf(':'));
    if (topic.kind === 'known' && topic.value !== topicOfUrn) return 'no';
    return { why: `${resolved.value} may be the URN of ${s.address}, which is known only after apply` };
  }

  /** The ACL resources that apply to a bucket; one whose bucket cannot be resolved might be this bucket's. */
  public aclsOf(b: Bucket): Array<{ acl: BucketAcl; bucket: Value<string> }> {
    const name = this.value(b.name, b.scope);
    return this.model.elements
      .filter((e): e is BucketAcl => e.type === 'bucket-acl')
      .sort(byLocation)
      .flatMap((a): Array<{ acl: BucketAcl; bucket: Value<string> }> => {
        const target = a.bucket.kind === 'ref' ? this.element(a.scope, a.bucket.address) : undefined;
        if (target && a.bucket.kind === 'ref' && namingAttributes(target).includes(a.bucket.attribute)) {
          return target === b ? [{ acl: a, bucket: known('') }] : [];
        }
        const resolved = this.value(a.bucket, a.scope);
        if (resolved.kind === 'known' && name.kind === 'known') return resolved.value === name.value ? [{ acl: a, bucket: known('') }] : [];
        const why =
          resolved.kind !== 'known'
            ? unknown(`its bucket cannot be seen: ${resolved.kind === 'unknown' ? resolved.reason : resolved.expression}`)
            : unknown(`the name of ${b.address} is unknown: ${name.kind === 'unknown' ? name.reason : 'it is known only after apply'}`);
        return [{ acl: a, bucket: why }];
      });
  }

  /** The KMS key a key ID value designates, if it is among the inputs. */
  public key(id: Value<string | undefined>, scope: string): Key | undefined {
    if (id.kind === 'ref') {
      const target = this.element(scope, id.address);
      if (target?.type === 'key') return target;
    }
    const resolved = this.value(id, scope);
    return resolved.kind === 'known' && resolved.value ? this.keysById.get(resolved.value) : undefined;
  }

  private found(topic: Topic): TopicResolution {
    return { kind: 'topic', topic, key: topicKey(topic) };
  }
}

/**
 * One identity for a topic whichever input it comes from: its URN when
 * known (it carries region, project and name); else, for configuration,
 * (region, name), as SMN topic names are unique in a region of a project;
 * else its address.
 */
export function topicKey(topic: Topic): string {
  if (topic.urn.kind === 'known') return `urn:${topic.urn.value}`;
  const name = topicName(topic);
  return name
    ? `topic:${name}${topic.project !== undefined ? `\u0000${topic.project}` : ''}`
    : `address:${topic.scope}\u0000${topic.address}`;
}

function topicName(topic: Topic): string | undefined {
  if (topic.region.kind === 'known' && topic.name.kind === 'known') return `${topic.region.value}\u0000${topic.name.value}`;
  return undefined;
}

/** The project of a topic: from its URN, which names it, else the element's own. */
export function topicProject(topic: Topic): string | undefined {
  const parsed = topic.urn.kind === 'known' ? SMN_URN.exec(topic.urn.value) : null;
  return parsed ? parsed[2] : topic.project;
}

/** A stable order for elements: by scope, address, then source (two snapshots of one project share scope and address). */
export function byLocation(a: Element, b: Element): number {
  const keys = (e: Element) => [e.scope, e.address, e.source.file, e.source.pointer ?? ''];
  const [x, y] = [keys(a), keys(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

/** The attributes that name an element: what a reference to it must read to designate it. */
export function namingAttributes(e: Element): readonly string[] {
  switch (e.type) {
    case 'bucket':
      return ['bucket', 'id'];
    case 'key':
      return ['id', 'key_id'];
    case 'topic':
      return ['topic_urn', 'id'];
    case 'subscription':
      return ['subscription_urn', 'id'];
    default:
      return ['id'];
  }
}

/** An element's value for a Terraform attribute name, for following references. */
function attributeOf(e: Element, attribute: string): Value<unknown> | undefined {
  switch (e.type) {
    case 'bucket':
      return attribute === 'bucket' || attribute === 'id' ? e.name : undefined;
    case 'topic':
      return attribute === 'topic_urn' || attribute === 'id' ? e.urn : attribute === 'name' ? e.name : undefined;
    case 'key':
      return attribute === 'id' || attribute === 'key_id' ? e.id : undefined;
    case 'notification':
      return attribute === 'name' ? e.name : undefined;
    default:
      return attribute === 'region' ? e.region : undefined;
  }
}

function key(scope: string, address: string): string {
  return `${scope}\u0000${address}`;
}
