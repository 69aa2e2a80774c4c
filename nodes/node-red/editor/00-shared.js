/*
 * Editor-side helpers shared by every SecureEdge node (browser code; assembled into
 * secureedge.html by scripts/build-node-red-editor.mjs). Everything hangs off one global,
 * window.SecureEdgeEditor, so the per-node parts stay short.
 */
(function () {
  'use strict';

  var CATEGORY = 'SecureEdge';
  var COLOR = '#7fc3e8';
  var TARGET_TYPES = ['str', 'msg', 'flow', 'global', 'env', 'jsonata'];
  var STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];
  var NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

  function portOk(v) {
    var n = Number(v);
    return String(v).trim() !== '' && Number.isInteger(n) && n >= 1 && n <= 65535;
  }

  /** Defaults for typedInput targets: value in `<t>`, its type in `<t>Type`. */
  function targetDefaults(targets) {
    var d = {};
    Object.keys(targets).forEach(function (t) {
      d[t] = { value: targets[t][0], validate: RED.validators.typedInput(t + 'Type') };
      d[t + 'Type'] = { value: targets[t][1] };
    });
    return d;
  }

  /** Turn each target's text input into a typedInput whose type is kept in #node-input-<t>Type. */
  function setupTargets(targets) {
    Object.keys(targets).forEach(function (t) {
      $('#node-input-' + t).typedInput({ default: targets[t][1], types: TARGET_TYPES, typeField: '#node-input-' + t + 'Type' });
    });
  }

  /** "web" for a fixed target, "msg.container" / "flow.app" / ... otherwise. */
  function describeTarget(node, t) {
    var type = node[t + 'Type'] || 'msg';
    var value = node[t];
    if (type === 'str') return value ? value : 'msg.' + t;
    if (type === 'msg') return 'msg.' + (value || t);
    if (type === 'jsonata') return 'expression';
    return type + '.' + value;
  }

  /** Register an operation node. opts: label() (called on the node), paletteLabel, icon, targets {t: [value, type]}, defaults, oneditprepare, oneditsave. */
  function registerOperation(type, opts) {
    var targets = opts.targets || {};
    RED.nodes.registerType(type, {
      category: CATEGORY,
      color: COLOR,
      defaults: $.extend(
        { name: { value: '' }, device: { value: '', type: 'secureedge-device', required: true } },
        targetDefaults(targets),
        opts.defaults || {},
      ),
      inputs: 1,
      outputs: 1,
      icon: opts.icon,
      paletteLabel: opts.paletteLabel,
      inputLabels: opts.inputLabel || 'msg',
      outputLabels: opts.outputLabel || 'msg.payload: result',
      label: function () {
        return this.name || opts.label.call(this);
      },
      labelStyle: function () {
        return this.name ? 'node_label_italic' : '';
      },
      oneditprepare: function () {
        setupTargets(targets);
        if (opts.oneditprepare) opts.oneditprepare.call(this);
      },
      oneditsave: function () {
        if (opts.oneditsave) opts.oneditsave.call(this);
      },
    });
  }

  // ---- the device's image list (create and redeploy dialogs; device dialog's test button) ----

  function describeFailure(xhr) {
    var body = xhr && xhr.responseJSON;
    if (body && body.error) return body.error.code + ': ' + body.error.message;
    if (xhr && (xhr.status === 401 || xhr.status === 403)) return 'Not allowed: your Node-RED user lacks the secureedge permission.';
    return 'The device could not be reached through Node-RED (HTTP ' + (xhr ? xhr.status : '?') + ').';
  }

  /**
   * Ask Node-RED (never the device directly: the browser may not reach it) for the image list.
   * `form` is the device as the editor has it now; a password of "__PWRD__" means "unchanged".
   * Without write permission, fall back to the deployed device's list (read permission).
   */
  function fetchImages(form, done) {
    $.ajax({ url: 'secureedge/images', method: 'POST', contentType: 'application/json', data: JSON.stringify(form), dataType: 'json' })
      .done(function (body) {
        done(null, body.images || []);
      })
      .fail(function (xhr) {
        if ((xhr.status === 401 || xhr.status === 403) && form.id) {
          $.ajax({ url: 'secureedge/devices/' + encodeURIComponent(form.id) + '/images', dataType: 'json' })
            .done(function (body) {
              done(null, body.images || []);
            })
            .fail(function (xhr2) {
              done(describeFailure(xhr2));
            });
          return;
        }
        done(describeFailure(xhr));
      });
  }

  /** The device form of a config node as the editor holds it (deployed or not). */
  function deviceForm(id) {
    var cfg = RED.nodes.node(id);
    if (!cfg) return null;
    var creds = cfg.credentials || {};
    return {
      id: id,
      url: cfg.url,
      timeout: cfg.timeout,
      acceptSelfSigned: cfg.acceptSelfSigned === true,
      username: creds.username,
      password: creds.password,
    };
  }

  /** Fill the image picker (#node-input-image-choice) from the selected device; choosing sets image and tag. */
  function setupImagePicker() {
    var select = $('#node-input-image-choice');
    var note = $('#node-input-image-note');
    // The editor fires 'change' on the device select while it fills it: only the latest load may fill the list.
    var latest = 0;
    function load() {
      var id = $('#node-input-device').val();
      var ticket = ++latest;
      select.empty().append($('<option value="">').text('— pick an image on the device —'));
      var form = id && id !== '_ADD_' ? deviceForm(id) : null;
      if (!form) {
        note.text('Pick a device to choose from its images.');
        return;
      }
      note.text('Loading the device’s images…');
      fetchImages(form, function (err, images) {
        if (ticket !== latest) return;
        if (err) {
          note.text('Image list not available: ' + err + ' You can still type the image and tag.');
          return;
        }
        images.forEach(function (img) {
          select.append($('<option>').val(img.name + ':' + img.tag).text(img.name + ':' + img.tag).data('image', img));
        });
        note.text(images.length + ' image(s) on the device.');
      });
    }
    select.on('change', function () {
      var img = select.find('option:selected').data('image');
      if (!img) return;
      $('#node-input-image').typedInput('type', 'str').typedInput('value', img.name);
      $('#node-input-tag').typedInput('type', 'str').typedInput('value', img.tag);
    });
    $('#node-input-device').on('change', load);
    $('#node-input-load-images').on('click', function (e) {
      e.preventDefault();
      load();
    });
    load();
  }

  // ---- the spec lists of create and redeploy: ports, volumes, env, as the device's dialog has them ----

  function cell(width) {
    return $('<span class="secureedge-cell">').css({ display: 'inline-block', width: width, 'margin-right': '4px' });
  }
  function field(row, name, cls, value, attrs) {
    return $('<input type="text">')
      .attr($.extend({ name: name }, attrs || {}))
      .addClass('secureedge-' + cls + '-' + name)
      .css('width', '100%')
      .val(value === undefined || value === null ? '' : value)
      .appendTo(row);
  }

  var LISTS = {
    ports: {
      cls: 'port',
      add: 'port mapping',
      header: ['Container port', 'Router port', 'Protocol'],
      row: function (row, data) {
        row.addClass('secureedge-port-row');
        field(cell('30%').appendTo(row), 'containerPort', 'port', data.containerPort, { placeholder: 'e.g. 80' });
        field(cell('30%').appendTo(row), 'routerPort', 'port', data.routerPort, { placeholder: 'e.g. 8080' });
        var proto = $('<select name="protocol" class="secureedge-port-protocol" style="width:100%">')
          .append('<option value="tcp">tcp</option><option value="udp">udp</option>')
          .appendTo(cell('25%').appendTo(row));
        proto.val(data.protocol === 'udp' ? 'udp' : 'tcp');
      },
      read: function (row) {
        return {
          containerPort: row.find('[name=containerPort]').val().trim(),
          routerPort: row.find('[name=routerPort]').val().trim(),
          protocol: row.find('[name=protocol]').val(),
        };
      },
      empty: function (item) {
        return item.containerPort === '' && item.routerPort === '';
      },
    },
    volumes: {
      cls: 'volume',
      add: 'volume',
      header: ['Volume name', 'Container path'],
      row: function (row, data) {
        row.addClass('secureedge-volume-row');
        field(cell('40%').appendTo(row), 'volume', 'volume', data.volume, { placeholder: 'e.g. nginx-config' });
        field(cell('50%').appendTo(row), 'containerPath', 'volume', data.containerPath, { placeholder: 'e.g. /etc/nginx' });
      },
      read: function (row) {
        return { volume: row.find('[name=volume]').val().trim(), containerPath: row.find('[name=containerPath]').val().trim() };
      },
      empty: function (item) {
        return item.volume === '' && item.containerPath === '';
      },
    },
    env: {
      cls: 'env',
      add: 'variable',
      header: ['Key', 'Value'],
      row: function (row, data) {
        row.addClass('secureedge-env-row');
        field(cell('40%').appendTo(row), 'key', 'env', data.key, { placeholder: 'e.g. PORT' });
        field(cell('50%').appendTo(row), 'value', 'env', data.value, { placeholder: 'e.g. 8081' });
      },
      read: function (row) {
        return { key: row.find('[name=key]').val().trim(), value: row.find('[name=value]').val() };
      },
      empty: function (item) {
        return item.key === '' && (item.value === undefined || item.value === '');
      },
    },
  };

  function header(columns, widths) {
    var h = $('<div class="secureedge-list-header">').css({ 'font-size': '0.9em', padding: '4px 8px' });
    columns.forEach(function (c, i) {
      cell(widths[i]).text(c).appendTo(h);
    });
    return h;
  }

  /** One editableList per spec list, in #node-input-<list>-list, with its own add button #node-input-add-<list>. */
  function setupSpecLists(node) {
    Object.keys(LISTS).forEach(function (name) {
      var def = LISTS[name];
      var list = $('#node-input-' + name + '-list');
      list.editableList({
        // Grow with the rows: a fixed height clipped the rows and let the add button overlap them.
        height: 'auto',
        addButton: false,
        header: header(def.header, name === 'ports' ? ['30%', '30%', '25%'] : ['40%', '50%']),
        buttons: [
          {
            id: 'node-input-add-' + name,
            label: def.add,
            icon: 'fa fa-plus',
            click: function () {
              list.editableList('addItem', {});
            },
          },
        ],
        removable: true,
        sortable: false,
        addItem: function (row, _index, data) {
          def.row(row, data);
        },
      });
      (node[name] || []).forEach(function (item) {
        list.editableList('addItem', item);
      });
    });
    $('#node-input-specSource')
      .on('change', function () {
        $('.secureedge-spec-form').toggle($(this).val() !== 'msg');
        $('.secureedge-spec-msg').toggle($(this).val() === 'msg');
      })
      .trigger('change');
  }

  function saveSpecLists(node) {
    Object.keys(LISTS).forEach(function (name) {
      var def = LISTS[name];
      var items = [];
      $('#node-input-' + name + '-list')
        .editableList('items')
        .each(function () {
          var item = def.read($(this));
          if (!def.empty(item)) items.push(item);
        });
      node[name] = items;
    });
  }

  /** Defaults shared by create and redeploy. */
  function specDefaults() {
    return {
      specSource: { value: 'editor' },
      ports: {
        value: [],
        validate: function (v) {
          return (
            !Array.isArray(v) ||
            v.every(function (p) {
              return portOk(p.containerPort) && portOk(p.routerPort) && (p.protocol === 'tcp' || p.protocol === 'udp');
            })
          );
        },
      },
      volumes: {
        value: [],
        validate: function (v) {
          return (
            !Array.isArray(v) ||
            v.every(function (m) {
              return NAME_RE.test(m.volume) && /^\/./.test(m.containerPath);
            })
          );
        },
      },
      env: {
        value: [],
        validate: function (v) {
          return (
            !Array.isArray(v) ||
            v.every(function (e) {
              return typeof e.key === 'string' && e.key !== '' && !/[=\s]/.test(e.key);
            })
          );
        },
      },
      networks: { value: 'machine-builder' },
    };
  }

  // ---- the device config dialog's connection test ----

  function setupConnectionTest(node) {
    var result = $('#node-config-test-result');
    $('#node-config-test-connection').on('click', function (e) {
      e.preventDefault();
      result.text('Connecting…');
      fetchImages(
        {
          id: node.id,
          url: $('#node-config-input-url').val(),
          timeout: $('#node-config-input-timeout').val(),
          acceptSelfSigned: $('#node-config-input-acceptSelfSigned').is(':checked'),
          username: $('#node-config-input-username').val(),
          password: $('#node-config-input-password').val(),
        },
        function (err, images) {
          result.text(err ? err : 'Connected: ' + images.length + ' image(s) on the device.');
        },
      );
    });
  }

  window.SecureEdgeEditor = {
    CATEGORY: CATEGORY,
    COLOR: COLOR,
    STATES: STATES,
    registerOperation: registerOperation,
    describeTarget: describeTarget,
    setupImagePicker: setupImagePicker,
    setupSpecLists: setupSpecLists,
    saveSpecLists: saveSpecLists,
    specDefaults: specDefaults,
    setupConnectionTest: setupConnectionTest,
  };
})();
