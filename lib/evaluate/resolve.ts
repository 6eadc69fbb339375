/**
 * Follows references between elements: a notification's `smn_topic` to the
 * topic resource, a tracker's `bucket_name` to the bucket, a cdktf
 * cross-stack reference to the producing stack's output. Pure: built from a
 * model, answers questions about it.
 */
import { Bucket, Element, Model, Topic, TopicSubscription, Value, unknown } from '../model';
import { EXPORT_ADDRESS } from '../load/synth';

/** What a notification's or subscription's topic resolves to. */
export type TopicResolution =
  | { readonly kind: 'topic'; readonly topic: Topic; readonly key: string }
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

const SMN_URN = /^urn:smn:([^:]+):([^:]*):(.+)$/;

export class Resolver {
  private readonly byAddress = new Map<string, Element>();
  private readonly topicsByUrn = new Map<string, Topic>();
  private readonly topicsByName = new Map<string, Topic>();
  private readonly bucketsByName = new Map<string, Bucket>();
  private subscriptionsByTopic?: Map<string, TopicSubscription[]>;

  public constructor(private readonly model: Model) {
    for (const e of model.elements) {
      this.byAddress.set(key(e.scope, e.address), e);
      if (e.type === 'topic') {
        if (e.urn.kind === 'known') this.topicsByUrn.set(e.urn.value, e);
        const name = topicName(e);
        if (name) this.topicsByName.set(name, e);
      }
      if (e.type === 'bucket' && e.name.kind === 'known') this.bucketsByName.set(e.name.value, e);
    }
  }

  /** The element at an address in a scope (with or without an instance key). */
  public element(scope: string, address: string): Element | undefined {
    return this.byAddress.get(key(scope, address)) ?? this.byAddress.get(key(scope, `${address}[0]`));
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
      return unknown(`${v.expression} refers to ${v.address}, which is not in the inputs (or is not a resource the checker reads); it is known only after apply: check a plan or state`);
    }
    const attribute = attributeOf(target, v.attribute);
    if (attribute === undefined) return unknown(`${v.expression} is known only after apply; check a plan or state`);
    return this.value(attribute as Value<T>, target.scope, depth + 1);
  }

  /** The topic a URN value (or a reference to a topic) designates. */
  public topic(v: Value<string | undefined>, scope: string, depth = 0): TopicResolution {
    if (v.kind === 'ref') {
      if (v.address === EXPORT_ADDRESS) {
        const exported = this.model.exports[v.attribute];
        if (!exported) return { kind: 'unknown', reason: `${v.expression} is an output of a stack that is not among the inputs; pass that stack too` };
        return depth > 20 ? { kind: 'unknown', reason: `${v.expression} refers to itself` } : this.topic(exported.value as Value<string>, exported.scope, depth + 1);
      }
      const target = this.element(scope, v.address);
      if (target?.type === 'topic' && ['topic_urn', 'id', ''].includes(v.attribute)) return this.found(target);
      if (target) {
        return this.topic(this.value(v, scope), scope, depth + 1);
      }
      return { kind: 'unknown', reason: `${v.expression} refers to ${v.address}, which is not in the inputs; pass the configuration, plan or state that defines it` };
    }
    if (v.kind === 'unknown') return { kind: 'unknown', reason: `its topic cannot be determined: ${v.reason}` };
    const urn = v.value;
    if (urn === undefined || urn === '') return { kind: 'none', reason: 'it names no SMN topic (smn_topic is not set)' };
    const byUrn = this.topicsByUrn.get(urn);
    if (byUrn) return this.found(byUrn);
    const parsed = SMN_URN.exec(urn);
    const byName = parsed ? this.topicsByName.get(`${parsed[1]}\u0000${parsed[3]}`) : undefined;
    if (byName) return this.found(byName);
    return {
      kind: 'unknown',
      reason: `its topic ${urn} is not defined in any input; pass the configuration, plan or state that defines it`,
    };
  }

  /** The subscriptions of a topic, by the topic's identity. */
  public subscriptions(topicKey: string): TopicSubscription[] {
    if (!this.subscriptionsByTopic) {
      this.subscriptionsByTopic = new Map();
      for (const e of this.model.elements) {
        if (e.type !== 'subscription') continue;
        const t = this.topic(e.topic, e.scope);
        if (t.kind !== 'topic') continue;
        const list = this.subscriptionsByTopic.get(t.key) ?? [];
        list.push(e);
        this.subscriptionsByTopic.set(t.key, list);
      }
    }
    return this.subscriptionsByTopic.get(topicKey) ?? [];
  }

  /** The bucket a tracker writes to, if it is among the inputs. */
  public bucket(name: Value<string | undefined>, scope: string): { bucket?: Bucket; name: Value<string | undefined> } {
    if (name.kind === 'ref') {
      const target = this.element(scope, name.address);
      if (target?.type === 'bucket') return { bucket: target, name: target.name };
    }
    const resolved = this.value(name, scope);
    if (resolved.kind === 'known' && resolved.value) return { bucket: this.bucketsByName.get(resolved.value), name: resolved };
    return { name: resolved };
  }

  private found(topic: Topic): TopicResolution {
    return { kind: 'topic', topic, key: topicKey(topic) };
  }
}

/**
 * One identity for a topic whichever input it comes from: SMN topic names
 * are unique in a region of a project, so (region, name) when both are
 * known, else its address.
 */
export function topicKey(topic: Topic): string {
  const name = topicName(topic);
  return name ? `topic:${name}` : `address:${topic.scope}\u0000${topic.address}`;
}

function topicName(topic: Topic): string | undefined {
  if (topic.region.kind === 'known' && topic.name.kind === 'known') return `${topic.region.value}\u0000${topic.name.value}`;
  if (topic.urn.kind === 'known') {
    const parsed = SMN_URN.exec(topic.urn.value);
    if (parsed) return `${parsed[1]}\u0000${parsed[3]}`;
  }
  return undefined;
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
